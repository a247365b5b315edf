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
 * no work). {@code /health/ready}: PostgreSQL and Redis answer within a second each.
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
      boolean up = "UP".equals(postgres.result()) && "UP".equals(cache.result());
      rc.response()
          .setStatusCode(up ? 200 : 503)
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(new JsonObject()
              .put("status", up ? "UP" : "DOWN")
              .put("checks", new JsonObject().put("postgres", postgres.result()).put("redis", cache.result()))
              .toBuffer());
    });
  }
}
