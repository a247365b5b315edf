package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SubscriptionClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.surge.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A node runs against a Redis of its own, which is stopped and later started again on the same
 * port. Redis is not the record: selling, ordering and receiving go on at normal speed while it is
 * away, only live events stop, and they flow again once it is back, without restarting the node.
 */
@SurgeTest
@DisplayName("Redis stopped under a running node")
class RedisOutageTests {
  private static final Logger log = LoggerFactory.getLogger(RedisOutageTests.class);
  /** Far above a normal answer (milliseconds): a call that waits on the missing Redis would hit it. */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration OUTAGE = Duration.ofSeconds(4);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private int redisPort;
  private Path redisDir;
  private RedisServer redis;
  private TestNode node;

  @AfterEach
  void stop() throws IOException {
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.stop();
    }
  }

  @Test
  @DisplayName("while Redis is down, reserve, place and receive answer in normal time, ready says DEGRADED (still 200: the node sells), live says UP; events resume when it is back")
  void sellsThroughAnOutage() throws Exception {
    redisPort = freePort();
    redisDir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
        "surge-redis-outage-");
    startRedis();
    String pgUrl = TestServices.freshDatabase("redis_outage");
    node = TestNode.startOn(pgUrl, config -> config.withServices(pgUrl, "redis://127.0.0.1:" + redisPort));
    var inventory = InventoryFixture.create(node.admin(), 1, 1);
    var orders = new OrderFixture(inventory);
    String sku = inventory.skus.get(0);
    String location = inventory.locationIds.get(0);
    inventory.receive(sku, location, 1_000);

    try (var subscription = SubscriptionClient.open(node.node().port(), node.adminKey(),
        "subscription { stockChanged(skus: [\"" + sku + "\"]) { sku available reserved } }")) {
      long before = awaitEvent(inventory, subscription, Duration.ofSeconds(15));
      log.info("before the outage: first stockChanged event after {} ms", before);

      redis.stop();
      long stopped = System.nanoTime();
      assertThat(status("/health/live")).as("/health/live with Redis down").isEqualTo(200);
      var readyResponse = get("/health/ready");
      assertThat(readyResponse.statusCode()).as("/health/ready with only Redis down").isEqualTo(200);
      JsonObject ready = new JsonObject(readyResponse.body());
      assertThat(ready.getString("status")).isEqualTo("DEGRADED");
      assertThat(ready.getJsonObject("checks")).isEqualTo(new JsonObject().put("postgres", "UP").put("redis", "DOWN"));

      int eventsBefore = nextCount(subscription);
      long reserveMs = timed(() -> assertNoUserErrors(graphql(InventoryFixture.RESERVE,
          Map.of("input", inventory.reserveInput(lines(sku, 2)))), "reserveStock"));
      long placeMs = timed(() -> assertNoUserErrors(graphql(OrderFixture.PLACE,
          Map.of("input", orders.input("outage@example.com").put("lines", lines(sku, 3)))), "placeOrder"));
      long receiveMs = timed(() -> assertNoUserErrors(graphql("mutation($input: ReceiveStockInput!) {"
              + " receiveStock(input: $input) { stockLevel { onHand } userErrors { code message } } }",
          Map.of("input", new JsonObject().put("sku", sku).put("locationId", location).put("quantity", 10))),
          "receiveStock"));
      assertThat(inventory.audit().getBoolean("clean")).as("audit during the outage").isTrue();
      JsonObject level = inventory.levels(sku).getJsonObject(0);
      assertThat(level.getInteger("onHand")).isEqualTo(1_010);
      assertThat(level.getInteger("allocated")).as("units of the order placed during the outage").isEqualTo(3);
      assertThat(inventory.available(sku)).isEqualTo(1_010 - 3 - level.getInteger("reserved"));
      assertThat(nextCount(subscription)).as("events pushed while Redis is down").isEqualTo(eventsBefore);
      log.info("Redis down: reserveStock {} ms, placeOrder {} ms, receiveStock {} ms; /health/ready {}",
          reserveMs, placeMs, receiveMs, ready.encode());

      // Stay down long enough for the listeners' reconnect attempts (one a second) to fail a few times.
      long slowest = 0;
      int calls = 0;
      while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
        slowest = Math.max(slowest, timed(() -> assertNoUserErrors(graphql(InventoryFixture.RESERVE,
            Map.of("input", inventory.reserveInput(lines(sku, 1)))), "reserveStock")));
        calls++;
        sleep(100);
      }
      assertThat(nextCount(subscription)).as("events pushed while Redis is down").isEqualTo(eventsBefore);
      log.info("Redis down: {} more reservations, slowest {} ms", calls, slowest);

      startRedis();
      long restarted = System.nanoTime();
      long after = awaitEvent(inventory, subscription, Duration.ofSeconds(10));
      assertThat(status("/health/ready")).as("/health/ready once Redis is back").isEqualTo(200);
      log.info("Redis down for {} ms; after its restart the first stockChanged event arrived in {} ms, no node restart",
          (restarted - stopped) / 1_000_000, after);
    }
  }

  /** Reserves one unit every 200 ms until a new stockChanged event arrives; returns how long that took. */
  private long awaitEvent(InventoryFixture inventory, SubscriptionClient subscription, Duration limit) {
    long started = System.nanoTime();
    int seen = nextCount(subscription);
    long deadline = started + limit.toNanos();
    while (nextCount(subscription) == seen) {
      assertThat(System.nanoTime()).as("a stockChanged event within %s", limit).isLessThan(deadline);
      assertNoUserErrors(graphql(InventoryFixture.RESERVE,
          Map.of("input", inventory.reserveInput(lines(inventory.skus.get(0), 1)))), "reserveStock");
      sleep(200);
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static int nextCount(SubscriptionClient subscription) {
    return (int) subscription.types().stream().filter("next"::equals).count();
  }

  private void startRedis() throws IOException {
    redis = RedisServer.newRedisServer()
        .port(redisPort)
        .bind("127.0.0.1")
        .setting("save \"\"")
        .setting("appendonly no")
        .setting("dir " + redisDir.toAbsolutePath())
        .build();
    redis.start();
  }

  private JsonObject graphql(String query, Map<String, Object> variables) {
    String body = new JsonObject().put("query", query).put("variables", new JsonObject(variables)).encode();
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/graphql"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + node.adminKey())
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject json = new JsonObject(response.body());
    assertThat(json.getJsonArray("errors")).as(response.body()).isNull();
    return json.getJsonObject("data");
  }

  private HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET());
  }

  private int status(String path) {
    return get(path).statusCode();
  }

  /** Every call has the client timeout: a request that hangs on the missing Redis fails the test. */
  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("no answer within " + CLIENT_TIMEOUT + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertNoUserErrors(JsonObject data, String mutation) {
    assertThat(data.getJsonObject(mutation).getJsonArray("userErrors")).as(data.encode()).isEmpty();
  }

  private static long timed(Runnable call) {
    long started = System.nanoTime();
    call.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
