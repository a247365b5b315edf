package io.surge.app;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health/live}: the process answers (also the throughput ceiling in benchmarks, so it does
 * no work). {@code /health/ready}: PostgreSQL and Redis, each asked to answer within a second.
 * Only PostgreSQL decides readiness (503 without it): the node sells, reserves and places orders
 * without Redis, so a Redis outage answers 200 with status DEGRADED rather than taking every node
 * out of a load balancer's rotation at once.
 */
public final class HealthHandler {
  private static final Buffer UP = new JsonObject().put("status", "UP").toBuffer();
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final long CHECK_TIMEOUT_MS = 1_000;

  private final Pool pool;
  private final Redis redis;

  public HealthHandler(Pool pool, Redis redis) {
    this.pool = pool;
    this.redis = redis;
  }

  public void live(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(UP);
  }

  public void ready(RoutingContext rc) {
    Future<String> postgres = pool.query("SELECT 1").execute()
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map("UP").otherwise("DOWN");
    Future<String> cache = redis.send(Request.cmd(Command.PING))
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map("UP").otherwise("DOWN");
    Future.join(postgres, cache).onComplete(done -> {
      boolean ready = "UP".equals(postgres.result());
      String status = !ready ? "DOWN" : "UP".equals(cache.result()) ? "UP" : "DEGRADED";
      rc.response()
          .setStatusCode(ready ? 200 : 503)
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(new JsonObject()
              .put("status", status)
              .put("checks", new JsonObject().put("postgres", postgres.result()).put("redis", cache.result()))
              .toBuffer());
    });
  }
}
