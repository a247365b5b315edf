package io.surge.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of requests the HTTP edge refused or let through unchecked:
 * {@code surge_edge_refusals_total{reason}} (reason {@code in_flight}, {@code pg_wait_queue},
 * {@code rate_limited}) and {@code surge_ratelimit_fail_open_total} (requests let through because
 * Redis did not answer in time). Built once per node; thread-safe.
 */
public final class EdgeMetrics {
  private final Counter inFlight;
  private final Counter pgWaitQueue;
  private final Counter rateLimited;
  private final Counter failOpen;

  public EdgeMetrics(MeterRegistry registry) {
    inFlight = refusals(registry, "in_flight");
    pgWaitQueue = refusals(registry, "pg_wait_queue");
    rateLimited = refusals(registry, "rate_limited");
    failOpen = Counter.builder("surge.ratelimit.fail.open")
        .description("requests let through without a rate-limit check because Redis failed or was slow")
        .register(registry);
  }

  private static Counter refusals(MeterRegistry registry, String reason) {
    return Counter.builder("surge.edge.refusals")
        .description("requests refused at the edge: OVERLOADED (in_flight, pg_wait_queue) or RATE_LIMITED")
        .tag("reason", reason)
        .register(registry);
  }

  /** A request refused because its event loop already ran its limit of requests. */
  public void refusedInFlight() {
    inFlight.increment();
  }

  /** A request answered OVERLOADED because the PostgreSQL wait queue was full. */
  public void refusedPgWaitQueue() {
    pgWaitQueue.increment();
  }

  public void refusedRateLimited() {
    rateLimited.increment();
  }

  public void failedOpen() {
    failOpen.increment();
  }
}
