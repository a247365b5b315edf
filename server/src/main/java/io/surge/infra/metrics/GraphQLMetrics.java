package io.surge.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * GraphQL request timers by operation name and outcome ({@code surge_graphql_requests_seconds}).
 * Operation names come from clients, so only the first {@link #MAX_OPERATIONS} distinct names get
 * their own series; later ones are counted as "other". Thread-safe.
 */
public final class GraphQLMetrics {
  static final int MAX_OPERATIONS = 200;
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter planned;

  public GraphQLMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.planned = Counter.builder("surge.graphql.planned")
        .description("GraphQL requests answered from an operation plan, without graphql-java's execution")
        .register(registry);
  }

  /** Counts one request answered by a plan ({@code surge_graphql_planned_total}). */
  public void planned() {
    planned.increment();
  }

  /** Records one request. {@code outcome} is "ok", or the first error's code in lower case. */
  public void record(String operation, String outcome, long nanos) {
    String name = operation == null ? "unparsed" : operation;
    if (name.length() > 64) {
      name = name.substring(0, 64);
    }
    String key = name + '\0' + outcome;
    Timer timer = timers.get(key);
    if (timer == null) {
      if (timers.size() >= MAX_OPERATIONS) {
        name = "other";
        key = name + '\0' + outcome;
      }
      String operationTag = name;
      timer = timers.computeIfAbsent(key, k -> Timer.builder("surge.graphql.requests")
          .description("GraphQL requests by operation and outcome")
          .tag("operation", operationTag)
          .tag("outcome", outcome)
          .register(registry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}
