package io.surge.graphql;

import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads the SDL contract from the {@code graphql-schema} module: the files named, one a line, in
 * {@code graphql/index.txt} (a jar cannot be listed, so the module keeps an index and a test there
 * checks it names every file).
 */
public final class SchemaFiles {
  private SchemaFiles() {}

  public static List<String> names() {
    return read("graphql/index.txt").lines()
        .map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  public static TypeDefinitionRegistry load() {
    SchemaParser parser = new SchemaParser();
    TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
    for (String name : names()) {
      registry.merge(parser.parse(read("graphql/" + name)));
    }
    return registry;
  }

  private static String read(String resource) {
    try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
