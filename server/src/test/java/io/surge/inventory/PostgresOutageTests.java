package io.surge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.access.domain.ApiKeySecret;
import io.surge.graphql.GlobalId;
import io.surge.infra.embedded.EmbeddedServices;
import io.surge.support.Db;
import io.surge.support.InventoryFixture;
import io.surge.support.StockInvariants;
import io.surge.support.NodeProcess;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestServices;
import io.vertx.core.json.JsonArray;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node in its own JVM runs against a PostgreSQL of its own, which is stopped for ten seconds
 * under steady reservations and orders and then started again on the same port and data. While it
 * is away every request must fail fast as UNAVAILABLE (retryable), readiness must go red; once it
 * is back the same node must take reservations and orders again by itself, with nothing that was
 * acknowledged lost and the hot store agreeing with PostgreSQL.
 */
@SurgeTest
@DisplayName("PostgreSQL stopped under a loaded node")
class PostgresOutageTests {
  private static final Logger log = LoggerFactory.getLogger(PostgresOutageTests.class);
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  /** Every answer, also while PostgreSQL is away, must come within this. */
  private static final Duration FAST = Duration.ofMillis(3_000);
  /** Reservations and orders succeed again within this of PostgreSQL's return. */
  private static final Duration RECOVERY = Duration.ofSeconds(5);
  private static final int UNITS = 100_000;
  private static final int BURST = 100;
  private static final int WAIT_QUEUE = 64;

  private EmbeddedServices.Postgres postgres;
  private NodeProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @DisplayName("while PostgreSQL is down requests fail within 3 s as UNAVAILABLE (retryable) and ready is 503; after it returns the node recovers by itself and nothing acknowledged is lost")
  void survivesAnOutage() throws Exception {
    Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    Path pgDir = Files.createTempDirectory(tmp, "surge-pg-outage-db-");
    int pgPort = freePort();
    postgres = EmbeddedServices.startPostgres(pgDir, true, pgPort);
    String pgUrl = postgres.url();
    String adminKey = ApiKeySecret.generate();
    node = new NodeProcess(new NodeProcess.Settings("pg-outage", pgUrl, TestServices.redisUrl(),
        Files.createTempDirectory(tmp, "surge-pg-outage-node-"), adminKey),
        // A wait queue far smaller than the failures an outage brings: were a failed attempt to
        // keep its place, the queue would be full long before PostgreSQL is back.
        Map.of("SURGE_PG_MAX_WAIT_QUEUE", Integer.toString(WAIT_QUEUE))).start();
    var inventory = InventoryFixture.create(node.admin(), 1, 2);
    inventory.skus.forEach(sku -> inventory.receive(sku, inventory.locationIds.get(0), UNITS));

    OutageLoad load = new OutageLoad(node.baseUrl(), adminKey, inventory, new OrderFixture(inventory));
    HealthWatch health = new HealthWatch(node.baseUrl());
    load.start();
    health.start();
    awaitThat("reservations and orders before the outage", Duration.ofSeconds(10),
        () -> load.succeededAfter(0, "reserve") >= 30 && load.succeededAfter(0, "order") >= 30);

    postgres.close();
    long stopped = System.nanoTime();
    Burst burst = Burst.send(node.baseUrl(), adminKey, inventory, BURST);
    Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
    long restarting = System.nanoTime();
    postgres = EmbeddedServices.startPostgres(pgDir, true, pgPort);
    long restarted = System.nanoTime();
    awaitThat("a reservation and an order after PostgreSQL is back", RECOVERY.plus(Duration.ofSeconds(5)),
        () -> load.succeededAfter(restarted, "reserve") > 0 && load.succeededAfter(restarted, "order") > 0);
    awaitThat("/health/ready 200 again", Duration.ofSeconds(10), () -> health.readyAgainAfter(restarted) >= 0);
    Thread.sleep(1_000);
    load.stop();
    health.stop();

    List<Answer> answers = load.answers();
    List<Answer> duringOutage = answers.stream()
        .filter(a -> a.sent() >= stopped && a.answered() <= restarting).toList();
    long slowest = answers.stream().mapToLong(Answer::millis).max().orElse(0);
    long slowestBurst = burst.answers().stream().mapToLong(Answer::millis).max().orElse(0);
    long firstReserve = (load.firstSuccessAfter(restarted, "reserve") - restarted) / 1_000_000;
    long firstOrder = (load.firstSuccessAfter(restarted, "order") - restarted) / 1_000_000;
    long readyAgain = (health.readyAgainAfter(restarted) - restarted) / 1_000_000;
    log.info("PostgreSQL down {} ms (start again took {} ms): {} requests answered meanwhile ({} UNAVAILABLE),"
            + " slowest answer of all {} {} ms, burst of {} answered in at most {} ms; {} requests before, {} after;"
            + " /health/ready 503 for {} checks, 200 again {} ms after PostgreSQL was up; first reservation {} ms,"
            + " first order {} ms after; at most {} HTTP requests in the node at once, {} waiting for a connection (last {})",
        (restarting - stopped) / 1_000_000, (restarted - restarting) / 1_000_000,
        duringOutage.size(), duringOutage.stream().filter(Answer::unavailable).count(), answers.size(), slowest,
        BURST, slowestBurst, answers.stream().filter(a -> a.answered() < stopped).count(),
        answers.stream().filter(a -> a.sent() >= restarted).count(), health.notReadyCount(), readyAgain,
        firstReserve, firstOrder, health.maxActiveRequests(), health.maxPoolQueue(),
        health.lastPoolQueue);

    assertThat(answers).as("answers that are neither a success nor UNAVAILABLE (retryable)")
        .filteredOn(a -> !a.ok() && !a.unavailable()).isEmpty();
    assertThat(duringOutage).as("requests answered while PostgreSQL was down").hasSizeGreaterThan(20)
        .allMatch(Answer::unavailable, "UNAVAILABLE with retryable: true");
    assertThat(slowest).as("the slowest answer in ms").isLessThan(FAST.toMillis());
    assertThat(burst.answers()).as("a burst of %d at once during the outage", BURST).hasSize(BURST)
        .allMatch(Answer::unavailable, "UNAVAILABLE with retryable: true")
        .allMatch(a -> a.millis() < FAST.toMillis(), "answered within " + FAST);
    // Bounded: the node holds no more than the clients have sent and not yet been answered.
    assertThat(health.maxActiveRequests()).as("HTTP requests in the node at once")
        .isLessThanOrEqualTo(OutageLoad.CLIENTS + BURST + 2);
    assertThat(health.notReadyCount()).as("/health/ready 503 answers during the outage").isPositive();
    assertThat(health.liveFailures()).as("/health/live answers other than 200").isZero();
    assertThat(firstReserve).as("ms to the first reservation after PostgreSQL returned").isLessThan(RECOVERY.toMillis());
    assertThat(firstOrder).as("ms to the first order after PostgreSQL returned").isLessThan(RECOVERY.toMillis());
    assertNothingLost(pgUrl, inventory, answers);
  }

  private static void assertNothingLost(String pgUrl, InventoryFixture inventory, List<Answer> answers) {
    List<Long> reservations = answers.stream().filter(a -> a.ok() && a.kind().equals("reserve"))
        .map(a -> GlobalId.decode(a.id(), "Reservation")).toList();
    List<Long> orders = answers.stream().filter(a -> a.ok() && a.kind().equals("order"))
        .map(a -> GlobalId.decode(a.id(), "Order")).toList();
    assertThat(Db.column(pgUrl, "SELECT id FROM reservation WHERE status = 'ACTIVE'"))
        .as("acknowledged reservations active in PostgreSQL").containsAll(reservations);
    assertThat(Db.column(pgUrl, "SELECT id FROM sales_order")).as("acknowledged orders in PostgreSQL")
        .containsAll(orders);
    StockInvariants.assertHold(pgUrl, inventory, "after the outage");
  }

  /** One answered request: when it was sent and answered (nanoTime), and what it came to. */
  record Answer(String kind, long sent, long answered, String id, String code, boolean retryable, String body) {
    boolean ok() {
      return id != null;
    }

    boolean unavailable() {
      return "UNAVAILABLE".equals(code) && retryable;
    }

    long millis() {
      return (answered - sent) / 1_000_000;
    }
  }

  /** Sends requests and reads their answers; a request without an answer within the client timeout fails the test. */
  static class Client {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    final URI graphql;
    final String authorization;

    Client(String baseUrl, String adminKey) {
      this.graphql = URI.create(baseUrl + "/graphql");
      this.authorization = "Bearer " + adminKey;
    }

    CompletableFuture<Answer> send(String kind, String query, JsonObject input) {
      String body = new JsonObject().put("query", query).put("variables", new JsonObject().put("input", input)).encode();
      HttpRequest request = HttpRequest.newBuilder(graphql)
          .timeout(CLIENT_TIMEOUT)
          .header("Content-Type", "application/json")
          .header("Authorization", authorization)
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
      long sent = System.nanoTime();
      return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .handle((response, failure) -> read(kind, sent, System.nanoTime(), response, failure));
    }

    private static Answer read(String kind, long sent, long answered, HttpResponse<String> response,
        Throwable failure) {
      if (response == null) {
        return new Answer(kind, sent, answered, null, "NO_ANSWER", false, String.valueOf(failure));
      }
      JsonObject body = response.body().startsWith("{") ? new JsonObject(response.body()) : new JsonObject();
      JsonArray errors = body.getJsonArray("errors");
      if (errors != null && !errors.isEmpty()) {
        JsonObject extensions = errors.getJsonObject(0).getJsonObject("extensions", new JsonObject());
        return new Answer(kind, sent, answered, null, extensions.getString("code"),
            Boolean.TRUE.equals(extensions.getBoolean("retryable")), response.statusCode() + " " + response.body());
      }
      JsonObject payload = body.getJsonObject("data", new JsonObject())
          .getJsonObject(kind.equals("reserve") ? "reserveStock" : "placeOrder", new JsonObject());
      JsonObject created = payload.getJsonObject(kind.equals("reserve") ? "reservation" : "order");
      boolean ok = payload.getJsonArray("userErrors", new JsonArray()).isEmpty() && created != null;
      return new Answer(kind, sent, answered, ok ? created.getString("id") : null, ok ? null : "USER_ERROR", false,
          response.statusCode() + " " + response.body());
    }
  }

  /** Steady load: one reservation then one order of one unit, again and again, on each of a few client threads. */
  static final class OutageLoad extends Client {
    static final int CLIENTS = 6;
    private static final String PLACE = "mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {"
        + " order { id } userErrors { field code message } } }";
    private final InventoryFixture inventory;
    private final OrderFixture orders;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    OutageLoad(String baseUrl, String adminKey, InventoryFixture inventory, OrderFixture orders) {
      super(baseUrl, adminKey);
      this.inventory = inventory;
      this.orders = orders;
    }

    void start() {
      for (int i = 0; i < CLIENTS; i++) {
        int client = i;
        Thread thread = new Thread(() -> run(client), "outage-load-" + i);
        thread.start();
        threads.add(thread);
      }
    }

    private void run(int client) {
      String sku = inventory.skus.get(client % inventory.skus.size());
      for (int sequence = 0; running; sequence++) {
        JsonArray lines = InventoryFixture.lines(sku, 1);
        answers.add(send("reserve", InventoryFixture.RESERVE, inventory.reserveInput(lines)).join());
        answers.add(send("order", PLACE,
            orders.input("outage-" + client + "-" + sequence + "@example.com").put("lines", lines)).join());
        // A client that was refused waits a little before it asks again, as a polite retry would.
        pause(50);
      }
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread thread : threads) {
        thread.join(30_000);
      }
    }

    long succeededAfter(long nanos, String kind) {
      return answers.stream().filter(a -> a.ok() && a.kind().equals(kind) && a.sent() >= nanos).count();
    }

    long firstSuccessAfter(long nanos, String kind) {
      return answers.stream().filter(a -> a.ok() && a.kind().equals(kind) && a.sent() >= nanos)
          .mapToLong(Answer::answered).min().orElse(Long.MAX_VALUE);
    }

    List<Answer> answers() {
      return List.copyOf(answers);
    }
  }

  /** Many reservations at once while PostgreSQL is away: none may queue up behind it. */
  record Burst(List<Answer> answers) {
    static Burst send(String baseUrl, String adminKey, InventoryFixture inventory, int count) {
      Client client = new Client(baseUrl, adminKey);
      List<CompletableFuture<Answer>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sent.add(client.send("reserve", InventoryFixture.RESERVE,
            inventory.reserveInput(InventoryFixture.lines(inventory.skus.get(i % inventory.skus.size()), 1))));
      }
      return new Burst(sent.stream().map(CompletableFuture::join).toList());
    }
  }

  /** Asks /health/ready and /health/live ten times a second. */
  static final class HealthWatch {
    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
    private final String baseUrl;
    private final Queue<long[]> ready = new ConcurrentLinkedQueue<>();
    private volatile int liveFailures;
    private volatile double maxActiveRequests = -1;
    private volatile double maxPoolQueue = -1;
    volatile double lastPoolQueue = -1;
    private volatile boolean running = true;
    private Thread thread;

    HealthWatch(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    void start() {
      thread = new Thread(() -> {
        while (running) {
          long asked = System.nanoTime();
          ready.add(new long[] {asked, status("/health/ready")});
          if (status("/health/live") != 200) {
            liveFailures++;
          }
          sampleMetrics();
          pause(100);
        }
      }, "health-watch");
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }

    /** When /health/ready first answered 200 to a check asked after {@code nanos}; -1 if not yet. */
    long readyAgainAfter(long nanos) {
      return ready.stream().filter(r -> r[0] >= nanos && r[1] == 200).mapToLong(r -> r[0]).min().orElse(-1);
    }

    long notReadyCount() {
      return ready.stream().filter(r -> r[1] == 503).count();
    }

    int liveFailures() {
      return liveFailures;
    }

    /** The most HTTP requests the node held at once, by its own gauge ({@code -1}: no sample). */
    double maxActiveRequests() {
      return maxActiveRequests;
    }

    /** The most requests waiting for a PostgreSQL connection at once ({@code -1}: no sample). */
    double maxPoolQueue() {
      return maxPoolQueue;
    }

    /** Reads the node's own gauges of requests in flight and of requests waiting for a PostgreSQL connection. */
    private void sampleMetrics() {
      try {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).timeout(Duration.ofSeconds(3))
            .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        maxActiveRequests = Math.max(maxActiveRequests, gauge(text, "vertx_http_server_active_requests", ""));
        lastPoolQueue = gauge(text, "vertx_pool_queue_pending", "surge-pg");
        maxPoolQueue = Math.max(maxPoolQueue, lastPoolQueue);
      } catch (IOException e) {
        // The node is busy or away: the next sample counts.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The sum of a gauge's series whose labels contain {@code label}; -1 when there is none. */
    private static double gauge(String text, String name, String label) {
      double sum = -1;
      for (String line : text.split("\n")) {
        if (line.startsWith(name + "{") && line.contains(label)) {
          sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return sum;
    }

    private int status(String path) {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(3)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }

  /** Polls a condition until it holds, failing the test with {@code what} after {@code limit}. */
  private static void awaitThat(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s", what, limit).isLessThan(deadline);
      pause(50);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
