package io.surge.benchmarks;

import graphql.language.Document;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the document cache saves on each hit: parsing {@code query Variant($sku)} and validating
 * it against the node's real schema ({@code engine.schema()}), the way graphql-java does it on a
 * miss (operation parser options, every validation rule). Pure CPU on the JMH thread.
 */
@State(Scope.Thread)
public class ParseAndValidateBenchmark extends BenchmarkBase {
  private final Parser parser = new Parser();
  private final Validator validator = new Validator();
  private GraphQLSchema schema;

  @Setup(Level.Trial)
  public void setUp(EmbeddedNode running) {
    schema = running.engine().schema();
    List<ValidationError> errors = parseAndValidate();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("the benchmark query is not valid: " + errors);
    }
  }

  @Benchmark
  public Document parse() {
    return parser.parseDocument(ParserEnvironment.newParserEnvironment()
        .document(EmbeddedNode.VARIANT_QUERY)
        .parserOptions(ParserOptions.getDefaultOperationParserOptions())
        .locale(Locale.ENGLISH)
        .build());
  }

  @Benchmark
  public List<ValidationError> parseAndValidate() {
    return validator.validateDocument(schema, parse(), Locale.ENGLISH);
  }
}
