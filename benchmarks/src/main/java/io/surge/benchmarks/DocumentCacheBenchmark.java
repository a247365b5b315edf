package io.surge.benchmarks;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import io.surge.graphql.DocumentCache;
import io.surge.graphql.GraphQLEngine;
import io.surge.graphql.RequestContext;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The node's {@link DocumentCache} alone, as graphql-java calls it for each request: a hit (the
 * same query text) against a miss (a unique {@code # n} comment), where the miss parses, validates,
 * checks the query limits and inserts the document, evicting an old one once 10,000 are held.
 * The difference is the CPU a hit saves per request; {@link ParseAndValidateBenchmark} shows how
 * much of it is graphql-java's parse and validate. Runs on the JMH thread: the cache is
 * thread-safe and does no I/O.
 */
@State(Scope.Thread)
public class DocumentCacheBenchmark extends BenchmarkBase {
  private static final Map<String, Object> VARIABLES = Map.of("sku", EmbeddedNode.SKU);

  private GraphQLEngine engine;
  private DocumentCache cache;
  private GraphQLSchema schema;
  private RequestContext request;
  private long unique;

  @Setup(Level.Trial)
  public void setUp(EmbeddedNode running) {
    engine = running.engine();
    cache = engine.documents();
    schema = engine.schema();
    // The cache reads only the GraphQLContext; the loaders of one context are never used here.
    request = running.adminRequest();
    PreparsedDocumentEntry entry = hit();
    if (entry.hasErrors() || !cache.isCached(EmbeddedNode.VARIANT_QUERY)) {
      throw new IllegalStateException("the benchmark query did not enter the cache: " + entry.getErrors());
    }
  }

  @Benchmark
  public PreparsedDocumentEntry hit() {
    return lookup(EmbeddedNode.VARIANT_QUERY);
  }

  @Benchmark
  public PreparsedDocumentEntry miss() {
    return lookup(EmbeddedNode.VARIANT_QUERY + "\n# " + unique++);
  }

  private PreparsedDocumentEntry lookup(String query) {
    ExecutionInput input = engine.prepare(ExecutionInput.newExecutionInput()
            .query(query)
            .operationName("Variant")
            .variables(VARIABLES),
        request, false);
    return cache.getDocumentAsync(input, this::parseAndValidate).join();
  }

  /** What graphql-java hands the cache on a miss, minus its instrumentation hooks (none here). */
  private PreparsedDocumentEntry parseAndValidate(ExecutionInput input) {
    ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema, input);
    return result.isFailure()
        ? new PreparsedDocumentEntry(result.getErrors())
        : new PreparsedDocumentEntry(result.getDocument());
  }
}
