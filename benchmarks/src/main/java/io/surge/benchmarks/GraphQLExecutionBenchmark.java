package io.surge.benchmarks;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import io.surge.graphql.GraphQLEngine;
import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code query Variant($sku)} through {@link GraphQLEngine#prepare} and {@link GraphQLEngine#execute}
 * of a running node, as the HTTP handler runs it (ADMIN principal, fresh DataLoaders per request,
 * on an event loop) but without HTTP, JSON or authentication.
 *
 * <p>{@code cached*}: the same query text every time, so the document cache hits. {@code uncached*}
 * (the baseline): a unique comment {@code # n} is appended, so every request parses, validates and
 * limit-checks its document and puts it in the cache, as a cache miss in production does.
 *
 * <p>How it is measured, and what the figures include. Execution is asynchronous: fetchers return
 * futures that PostgreSQL completes on the node's event loop. So each invocation hands the work
 * to one event-loop context of the node ({@code runOnContext}) and the JMH thread waits on a
 * {@link CompletableFuture} for the result:
 * <ul>
 *   <li>{@code *OneInFlight}: one request at a time. Its time is the latency of one request: the
 *       hand-off to the event loop and back (two thread wake-ups), the execution, and the
 *       PostgreSQL round trips (the variant by SKU, then its prices and product through the
 *       DataLoaders), all on an idle machine.</li>
 *   <li>{@code *64InFlight}: 64 requests started together on that event loop, like 64 keep-alive
 *       connections of a load generator; time per request is the batch's time / 64, i.e. the
 *       inverse of throughput on one event loop, with the hand-off paid once per 64 and the
 *       database round trips overlapped (the pool pipelines them). This is where the CPU cost of
 *       parsing and validating shows most plainly.</li>
 * </ul>
 * Every result is checked (no errors, the variant found): a broken path fails the run instead of
 * measuring error handling.
 */
@State(Scope.Thread)
public class GraphQLExecutionBenchmark extends BenchmarkBase {
  private static final int IN_FLIGHT = 64;
  private static final Map<String, Object> VARIABLES = Map.of("sku", EmbeddedNode.SKU);

  private EmbeddedNode node;
  private GraphQLEngine engine;
  private Context eventLoop;
  private long unique;

  @Setup(Level.Trial)
  public void setUp(EmbeddedNode running) {
    node = running;
    engine = running.engine();
    // One context for this JMH thread, on one of the node's event loops (as one HTTP connection).
    eventLoop = running.vertx().getOrCreateContext();
    one(EmbeddedNode.VARIANT_QUERY);
  }

  @Benchmark
  public ExecutionResult cachedOneInFlight() {
    return one(EmbeddedNode.VARIANT_QUERY);
  }

  @Benchmark
  public ExecutionResult uncachedOneInFlight() {
    return one(uniqueQuery());
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public int cached64InFlight() {
    return batch(() -> EmbeddedNode.VARIANT_QUERY);
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public int uncached64InFlight() {
    return batch(this::uniqueQuery);
  }

  private String uniqueQuery() {
    return EmbeddedNode.VARIANT_QUERY + "\n# " + unique++;
  }

  private ExecutionResult one(String query) {
    CompletableFuture<ExecutionResult> done = new CompletableFuture<>();
    eventLoop.runOnContext(ignored -> execute(query).whenComplete((result, failure) -> {
      if (failure != null) {
        done.completeExceptionally(failure);
      } else {
        done.complete(result);
      }
    }));
    return checked(done.join());
  }

  /** Starts IN_FLIGHT requests at once on the event loop; returns when all have answered. */
  private int batch(Supplier<String> queries) {
    String[] texts = new String[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      texts[i] = queries.get();
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    AtomicInteger left = new AtomicInteger(IN_FLIGHT);
    eventLoop.runOnContext(ignored -> {
      for (String text : texts) {
        execute(text).whenComplete((result, failure) -> {
          if (failure != null) {
            done.completeExceptionally(failure);
            return;
          }
          try {
            checked(result);
          } catch (IllegalStateException e) {
            done.completeExceptionally(e);
            return;
          }
          if (left.decrementAndGet() == 0) {
            done.complete(IN_FLIGHT);
          }
        });
      }
    });
    return done.join();
  }

  private CompletableFuture<ExecutionResult> execute(String query) {
    ExecutionInput input = engine.prepare(ExecutionInput.newExecutionInput()
            .query(query)
            .operationName("Variant")
            .variables(VARIABLES),
        node.adminRequest(), false);
    return engine.execute(input);
  }

  private static ExecutionResult checked(ExecutionResult result) {
    if (!result.getErrors().isEmpty()) {
      throw new IllegalStateException("the query failed: " + result.getErrors());
    }
    Map<String, Object> data = result.getData();
    if (data == null || data.get("variant") == null) {
      throw new IllegalStateException("variant " + EmbeddedNode.SKU + " not found: " + data);
    }
    return result;
  }
}
