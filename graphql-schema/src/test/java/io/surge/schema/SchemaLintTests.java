package io.surge.schema;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SDL contract's own rules, checked without a server. */
@DisplayName("SDL contract lint")
class SchemaLintTests {
  private static final Path DIR = Path.of("src/main/resources/graphql");
  private static TypeDefinitionRegistry registry;

  @BeforeAll
  static void load() throws IOException {
    registry = new TypeDefinitionRegistry();
    for (String file : index()) {
      registry.merge(new SchemaParser().parse(Files.readString(DIR.resolve(file), StandardCharsets.UTF_8)));
    }
  }

  private static List<String> index() throws IOException {
    return Files.readAllLines(DIR.resolve("index.txt")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  @Test
  @DisplayName("index.txt names every .graphqls file, once")
  void indexIsComplete() throws IOException {
    List<String> files;
    try (Stream<Path> listing = Files.list(DIR)) {
      files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".graphqls")).sorted().toList();
    }
    assertThat(index()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  @DisplayName("the files together make a valid schema")
  void valid() {
    assertThat(UnExecutableSchemaGenerator.makeUnExecutableSchema(registry).getQueryType()).isNotNull();
  }

  @Test
  @DisplayName("every root field says who may call it (@access or @public)")
  void rootAccess() {
    List<String> undeclared = new ArrayList<>();
    for (FieldDefinition field : rootFields("Query", "Mutation", "Subscription")) {
      if (!field.hasDirective("access") && !field.hasDirective("public")) {
        undeclared.add(field.getName());
      }
    }
    assertThat(undeclared).isEmpty();
  }

  @Test
  @DisplayName("every mutation but ping takes one `input` and returns a non-null payload with userErrors")
  void mutationShape() {
    for (FieldDefinition field : rootFields("Mutation")) {
      if (field.getName().equals("ping")) {
        continue;
      }
      assertThat(field.getInputValueDefinitions()).as(field.getName()).hasSize(1);
      assertThat(field.getInputValueDefinitions().get(0).getName()).as(field.getName()).isEqualTo("input");
      assertThat(field.getType()).as(field.getName()).isInstanceOf(NonNullType.class);
      String payload = name(field.getType());
      assertThat(payload).as(field.getName()).endsWith("Payload");
      var fields = registry.getType(payload, ObjectTypeDefinition.class).orElseThrow().getFieldDefinitions();
      assertThat(fields.stream().filter(f -> f.getName().equals("userErrors")).map(f -> name(f.getType())))
          .as(payload).containsExactly("UserError");
    }
  }

  @Test
  @DisplayName("every *Connection type is a Relay connection with edges, pageInfo and totalCount")
  void connections() {
    registry.getTypes(ObjectTypeDefinition.class).stream()
        .filter(type -> type.getName().endsWith("Connection"))
        .forEach(type -> assertThat(type.getFieldDefinitions().stream().map(FieldDefinition::getName))
            .as(type.getName()).contains("edges", "pageInfo", "totalCount"));
  }

  @Test
  @DisplayName("no field carries money as a Float: amounts are Money or Decimal")
  void noFloatMoney() {
    List<String> suspicious = new ArrayList<>();
    registry.getTypes(ObjectTypeDefinition.class).forEach(type -> type.getFieldDefinitions().forEach(field -> {
      String lower = field.getName().toLowerCase();
      if ((lower.contains("price") || lower.contains("amount") || lower.contains("total")) && name(field.getType()).equals("Float")) {
        suspicious.add(type.getName() + "." + field.getName());
      }
    }));
    assertThat(suspicious).isEmpty();
  }

  private static List<FieldDefinition> rootFields(String... roots) {
    List<FieldDefinition> fields = new ArrayList<>();
    for (String root : roots) {
      registry.getType(root, ObjectTypeDefinition.class).ifPresent(t -> fields.addAll(t.getFieldDefinitions()));
      registry.objectTypeExtensions().getOrDefault(root, List.of()).forEach(t -> fields.addAll(t.getFieldDefinitions()));
    }
    return fields;
  }

  private static String name(Type<?> type) {
    if (type instanceof NonNullType nonNull) {
      return name(nonNull.getType());
    }
    if (type instanceof ListType list) {
      return name(list.getType());
    }
    return ((TypeName) type).getName();
  }
}
