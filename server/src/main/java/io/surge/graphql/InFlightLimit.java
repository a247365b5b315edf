package io.surge.graphql;

import io.surge.infra.metrics.EdgeMetrics;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds the GraphQL requests one event loop runs at once: past the limit a request is answered
 * at once with 503 OVERLOADED and {@code Retry-After: 1}, before its body is read, so a flood
 * costs neither heap nor PostgreSQL time. One instance per HTTP verticle: its counter is touched
 * only on that verticle's event loop, so it needs no synchronisation.
 */
public final class InFlightLimit {
  private static final ApiException OVERLOADED = ApiException.overloaded("too many requests in progress");

  private final int limit;
  private final EdgeMetrics metrics;
  private int inFlight;

  public InFlightLimit(int limit, EdgeMetrics metrics) {
    this.limit = limit;
    this.metrics = metrics;
  }

  /** Route handler: admits the request (and counts it until its response is done) or refuses it. */
  public void admit(RoutingContext rc) {
    if (inFlight >= limit) {
      metrics.refusedInFlight();
      GraphQLHttpHandler.writeError(rc, OVERLOADED);
      return;
    }
    inFlight++;
    // Runs once when the response ends or the connection drops, whichever comes first.
    rc.addEndHandler(done -> inFlight--);
    rc.next();
  }

  /** Requests this event loop is running now (for tests). */
  public int inFlight() {
    return inFlight;
  }
}
