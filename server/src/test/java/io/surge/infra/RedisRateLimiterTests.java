package io.surge.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.surge.infra.metrics.EdgeMetrics;
import io.surge.infra.redis.RedisRateLimiter;
import io.surge.infra.redis.RedisRateLimiter.Decision;
import io.surge.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Redis token bucket")
class RedisRateLimiterTests {
  private Vertx vertx;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("gives out its burst, then refuses with the wait until the next token, then refills")
  void bucket() throws Exception {
    var limiter = limiter(TestServices.redisUrl(), 2_000);
    String id = UUID.randomUUID().toString();
    assertThat(take(limiter, id, 5, 2).allowed()).isTrue();
    assertThat(take(limiter, id, 5, 2).allowed()).isTrue();
    Decision refused = take(limiter, id, 5, 2);
    assertThat(registry.counter("surge.ratelimit.fail.open").count()).as("checks that failed open").isZero();
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterMillis()).isBetween(1L, 200L);
    Thread.sleep(refused.retryAfterMillis() + 20);
    assertThat(take(limiter, id, 5, 2).allowed()).isTrue();
    assertThat(registry.counter("surge.ratelimit.fail.open").count()).isZero();
  }

  @Test
  @DisplayName("a fast bucket taken by many at once is spent locally a chunk at a time: 4,000 checks, 64 at a time, at 10,000/s (burst 20,000) are all allowed, none by failing open")
  void fastBucketConcurrently() throws Exception {
    var limiter = limiter(TestServices.redisUrl(), 2_000);
    String id = UUID.randomUUID().toString();
    assertThat(RedisRateLimiter.chunk(10_000, 20_000)).isEqualTo(200);
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
    List<java.util.concurrent.CompletableFuture<Decision>> checks = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      inFlight.acquire();
      var result = new java.util.concurrent.CompletableFuture<Decision>();
      result.whenComplete((decision, failure) -> inFlight.release());
      vertx.runOnContext(v -> limiter.take("test", id, 10_000, 20_000).onComplete(done -> {
        if (done.succeeded()) {
          result.complete(done.result());
        } else {
          result.completeExceptionally(done.cause());
        }
      }));
      checks.add(result);
    }
    long refused = 0;
    for (var check : checks) {
      if (!check.get(10, TimeUnit.SECONDS).allowed()) {
        refused++;
      }
    }
    // Concurrent refills once drained the bucket (429s at a tenth of the rate); single-token
    // fallbacks flooded Redis past its timeout (fail open). Neither may happen.
    assertThat(refused).isZero();
    assertThat(registry.counter("surge.ratelimit.fail.open").count()).isZero();
  }

  @Test
  @DisplayName("Redis on a closed port: every check allows at once, and is counted")
  void closedPort() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var limiter = limiter("redis://127.0.0.1:" + port);
    long started = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      assertThat(take(limiter, "a", 1, 1).allowed()).isTrue();
    }
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    assertThat(registry.counter("surge.ratelimit.fail.open").count()).isEqualTo(50);
  }

  @Test
  @DisplayName("Redis that accepts but never answers: the check gives up after its timeout and allows")
  void hungRedis() throws Exception {
    List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (Exception closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      var limiter = limiter("redis://127.0.0.1:" + silent.getLocalPort());
      long started = System.nanoTime();
      assertThat(take(limiter, "a", 1, 1).allowed()).isTrue();
      long firstMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(firstMillis).as("first check, ms").isLessThan(500);
      long second = System.nanoTime();
      assertThat(take(limiter, "a", 1, 1).allowed()).isTrue();
      assertThat((System.nanoTime() - second) / 1_000_000).as("a check right after: Redis not asked").isLessThan(20);
      acceptor.interrupt();
    } finally {
      synchronized (held) {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  /** A limiter with the production timeout (50 ms), for the tests of what a failing Redis does. */
  private RedisRateLimiter limiter(String url) {
    return limiter(url, 50);
  }

  /**
   * A limiter against a working Redis: a generous timeout, because the first check of a fresh
   * client also connects (and a cold test JVM can take longer than 50 ms for that), which would
   * fail open and turn the bucket's arithmetic into a test of the timeout.
   */
  private RedisRateLimiter limiter(String url, long timeoutMillis) {
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(4));
    return new RedisRateLimiter(redis, timeoutMillis, new EdgeMetrics(registry));
  }

  private Decision take(RedisRateLimiter limiter, String id, double perSecond, int burst) throws Exception {
    // Called from an event loop, as the HTTP handler does.
    var result = new java.util.concurrent.CompletableFuture<Decision>();
    vertx.runOnContext(v -> limiter.take("test", id, perSecond, burst)
        .onComplete(done -> {
          if (done.succeeded()) {
            result.complete(done.result());
          } else {
            result.completeExceptionally(done.cause());
          }
        }));
    return result.get(5, TimeUnit.SECONDS);
  }
}
