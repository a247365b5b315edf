package io.surge.inventory;

import static io.surge.support.CatalogMother.channel;
import static io.surge.support.CatalogMother.input;
import static io.surge.support.CatalogMother.location;
import static io.surge.support.CatalogMother.product;
import static io.surge.support.CatalogMother.unique;
import static io.surge.support.CatalogMother.variant;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.access.domain.ApiKeySecret;
import io.surge.graphql.GlobalId;
import io.surge.support.KillStorm;
import io.surge.support.Db;
import io.surge.support.GraphQLClient;
import io.surge.support.NodeProcess;
import io.surge.support.SurgeTest;
import io.surge.support.TestServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node in its own JVM is killed with SIGKILL while reservations pour in, then started again on
 * the same database and hot-store file. What a client was told is reserved must be stored, and
 * nothing may be oversold or left out of step, however many times that happens.
 */
@SurgeTest
@DisplayName("Crash recovery of the reservation path")
class CrashRecoveryTests {
  private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTests.class);
  private static final int UNITS = 300;
  /** Kill-and-restart cycles: the last one sells out first, the others are cut off while stock remains. */
  private static final int CYCLES = 5;
  /** Early cycles: kill once this many reservations were answered (or at the time limit). */
  private static final int ACKNOWLEDGED_BEFORE_KILL = 15;
  private static final Duration STORM_LIMIT = Duration.ofSeconds(5);
  /** Last cycle: kill once this many requests were refused as sold out (or at its longer time limit). */
  private static final int SOLD_OUT_BEFORE_KILL = 16;
  private static final Duration SELL_OUT_LIMIT = Duration.ofSeconds(10);
  private static final int IN_FLIGHT = 32;
  private static final String RESERVE = """
      mutation($input: ReserveStockInput!) { reserveStock(input: $input) {
        reservation { id status lines { quantity } } userErrors { field code message } } }""";
  private static NodeProcess node;

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("every acknowledged reservation survives a SIGKILL mid-storm, nothing is oversold and the hot store is rebuilt exactly, kill after kill")
  void killMidStormAndRestart() throws Exception {
    String pgUrl = TestServices.freshDatabase("crash");
    Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
        "surge-crash-");
    String adminKey = ApiKeySecret.generate();
    node = new NodeProcess(new NodeProcess.Settings("crash-recovery", pgUrl, TestServices.redisUrl(), dataDir,
        adminKey)).start();
    Sale sale = Sale.open(node.admin());
    Map<Long, Integer> acknowledged = new ConcurrentHashMap<>();

    int storedBefore = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      boolean sellOut = cycle == CYCLES;
      long started = System.nanoTime();
      Storm storm = new Storm(node.baseUrl(), adminKey, sale, cycle, acknowledged);
      if (sellOut) {
        storm.runUntil(() -> storm.outOfStock() >= SOLD_OUT_BEFORE_KILL, SELL_OUT_LIMIT);
      } else {
        storm.runUntil(() -> storm.acknowledgedThisCycle() >= ACKNOWLEDGED_BEFORE_KILL, STORM_LIMIT);
      }
      node.kill();
      storm.awaitAnswers();
      long killed = System.nanoTime();
      node.start();
      long restarted = System.nanoTime();

      assertThat(storm.unexpected()).as("answers other than a reservation or OUT_OF_STOCK").isEmpty();
      if (sellOut) {
        assertThat(storm.outOfStock()).as("requests refused as sold out before the kill").isPositive();
      } else {
        assertThat(storm.acknowledgedThisCycle()).as("reservations answered before the kill").isPositive();
      }
      int stored = assertConsistent(pgUrl, sale, acknowledged);
      // The restarted node counts the pools its hot-store file had wrong, and still does after a GC.
      node.collectGarbage();
      double drifted = driftedPools();
      assertThat(drifted).as("surge_hotstore_drift_pools after a GC in the node").isIn(0.0, 1.0);
      log.info("cycle {}: {} acknowledged, {} out of stock, {} cut off by the kill, {} stored but never"
              + " acknowledged, hot-store file drifted in {} pools; storm {} ms, restart {} ms, checks {} ms", cycle,
          storm.acknowledgedThisCycle(), storm.outOfStock(), storm.cutOff(),
          stored - storedBefore - storm.acknowledgedThisCycle(), (long) drifted, (killed - started) / 1_000_000,
          (restarted - killed) / 1_000_000, (System.nanoTime() - restarted) / 1_000_000);
      storedBefore = stored;
      // The rebuilt hot store takes a new reservation while PostgreSQL says units are left.
      if (availableQuantity(node.admin(), sale) > 0) {
        var after = reserve(node.admin(), sale, 1, "after-restart-" + cycle);
        assertThat(after.getJsonArray("userErrors")).as("userErrors of a reservation after the restart").isEmpty();
        acknowledged.put(GlobalId.decode(after.getJsonObject("reservation").getString("id"), "Reservation"), 1);
        storedBefore++;
      }
    }

    // The hot store holds exactly what PostgreSQL says is left: all of it can be taken, not one unit more.
    int left = availableQuantity(node.admin(), sale);
    if (left > 0) {
      var rest = reserve(node.admin(), sale, left, "the-rest");
      assertThat(rest.getJsonArray("userErrors")).as("userErrors taking the last %d units", left).isEmpty();
      acknowledged.put(GlobalId.decode(rest.getJsonObject("reservation").getString("id"), "Reservation"), left);
    }
    var oneMore = reserve(node.admin(), sale, 1, "one-too-many");
    assertThat(oneMore.getValue("reservation")).isNull();
    assertThat(oneMore.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("OUT_OF_STOCK");
    assertConsistent(pgUrl, sale, acknowledged);
    assertThat(Db.count(pgUrl, "SELECT reserved FROM stock")).isEqualTo(UNITS);
  }

  /**
   * What must hold after every restart, checked in PostgreSQL directly and through the API.
   *
   * @return how many reservations PostgreSQL holds as active
   */
  private static int assertConsistent(String pgUrl, Sale sale, Map<Long, Integer> acknowledged) {
    Map<Long, Integer> stored = new HashMap<>();
    for (Object row : Db.column(pgUrl, """
        SELECT r.id || ':' || sum(l.quantity) FROM reservation r JOIN reservation_lines l ON l.reservation_id = r.id
        WHERE r.status = 'ACTIVE' GROUP BY r.id""")) {
      String[] parts = ((String) row).split(":");
      stored.put(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
    }
    assertThat(stored).as("active reservations in PostgreSQL, with their units")
        .containsAllEntriesOf(acknowledged);
    long reservedByRows = stored.values().stream().mapToLong(Integer::longValue).sum();
    long reservedCounter = Db.count(pgUrl, "SELECT reserved FROM stock");
    assertThat(reservedByRows).as("units of active reservations").isLessThanOrEqualTo(UNITS)
        .isEqualTo(reservedCounter);
    assertThat(Db.count(pgUrl, "SELECT coalesce(sum(quantity), 0) FROM stock_movement"
        + " WHERE kind IN ('RESERVE', 'RELEASE', 'EXPIRE')")).as("reserved according to the ledger")
        .isEqualTo(reservedCounter);
    assertThat(Db.count(pgUrl, "SELECT count(*) FROM stock WHERE on_hand < allocated + reserved"))
        .as("pools promising more than they hold").isZero();
    assertThat(Db.count(pgUrl, "SELECT on_hand FROM stock")).isEqualTo(UNITS);

    JsonObject audit = node.admin().query("""
        { inventoryAudit { clean checkedPools findings { sku check expected actual } } }""")
        .data().getJsonObject("inventoryAudit");
    assertThat(audit.getJsonArray("findings")).as("audit findings after the restart").isEmpty();
    assertThat(audit.getBoolean("clean")).isTrue();
    assertThat(availableQuantity(node.admin(), sale)).as("availableQuantity")
        .isEqualTo(UNITS - (int) reservedCounter);
    return stored.size();
  }

  /** Pools whose counts in the hot-store file the restarted node found out of step with PostgreSQL. */
  private static double driftedPools() {
    String metrics = node.admin().get("/metrics").body().getString("raw", "");
    return metrics.lines().filter(line -> line.startsWith("surge_hotstore_drift_pools"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow();
  }

  private static JsonObject reserve(GraphQLClient admin, Sale sale, int quantity, String customerRef) {
    var response = admin.query(RESERVE, input(sale.reservation(quantity, customerRef)));
    assertThat(response.errors()).as("GraphQL errors of reserveStock").isNull();
    return response.data().getJsonObject("reserveStock");
  }

  private static int availableQuantity(GraphQLClient admin, Sale sale) {
    return admin.query("query($sku: String!, $channel: ID) { variant(sku: $sku) { availableQuantity(channelId: $channel) } }",
            Map.of("sku", sale.sku(), "channel", sale.channelId()))
        .data().getJsonObject("variant").getInteger("availableQuantity");
  }

  /** One SKU with {@link #UNITS} units at one location, sold through one channel whose reservations last an hour. */
  private record Sale(String channelId, String locationId, String sku) {
    static Sale open(GraphQLClient admin) {
      String locationId = admin.query("""
              mutation($input: CreateLocationInput!) { createLocation(input: $input) { location { id } userErrors { code } } }""",
              input(location(unique("CRASH")))).data().getJsonObject("createLocation")
          .getJsonObject("location").getString("id");
      String channelId = admin.query("""
              mutation($input: CreateChannelInput!) { createChannel(input: $input) { channel { id } userErrors { code } } }""",
              input(channel(unique("crash"), locationId)
                  .put("reservationTtlDefaultSeconds", 3600).put("reservationTtlMaxSeconds", 3600)))
          .data().getJsonObject("createChannel").getJsonObject("channel").getString("id");
      String sku = unique("CRASH-TEE");
      var created = admin.query("""
              mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } userErrors { code message } } }""",
          input(product("Crash tee", variant(sku)))).data().getJsonObject("createProduct");
      assertThat(created.getJsonArray("userErrors")).isEmpty();
      var received = admin.query("""
              mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { stockLevel { onHand available } userErrors { code message } } }""",
          input(new JsonObject().put("sku", sku).put("locationId", locationId).put("quantity", UNITS)
              .put("reference", "PO-crash"))).data().getJsonObject("receiveStock");
      assertThat(received.getJsonArray("userErrors")).isEmpty();
      assertThat(received.getJsonObject("stockLevel").getInteger("available")).isEqualTo(UNITS);
      return new Sale(channelId, locationId, sku);
    }

    JsonObject reservation(int quantity, String customerRef) {
      return new JsonObject()
          .put("channelId", channelId)
          .put("customerRef", customerRef)
          .put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", quantity)));
    }
  }

  /**
   * Reservations sent {@link #IN_FLIGHT} at a time, each for a new customer, recording every one a
   * response confirmed (no userErrors, an id) and its units. Requests cut off by the kill get no
   * answer: that is expected, and they may or may not have been stored.
   */
  private static final class Storm {
    private final KillStorm storm;
    private final Sale sale;
    private final int cycle;
    private final Map<Long, Integer> acknowledged;
    private final AtomicInteger acknowledgedThisCycle = new AtomicInteger();
    private final AtomicInteger outOfStock = new AtomicInteger();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    Storm(String baseUrl, String adminKey, Sale sale, int cycle, Map<Long, Integer> acknowledged) {
      this.storm = new KillStorm(baseUrl, adminKey, IN_FLIGHT);
      this.sale = sale;
      this.cycle = cycle;
      this.acknowledged = acknowledged;
    }

    /** Sends until {@code enough} holds or {@code limit} passes; returns with requests still in flight. */
    void runUntil(BooleanSupplier enough, Duration limit) throws InterruptedException {
      storm.runUntil(enough, limit, sequence -> {
        int quantity = ThreadLocalRandom.current().nextInt(1, 3);
        String body = new JsonObject().put("query", RESERVE)
            .put("variables", new JsonObject().put("input",
                sale.reservation(quantity, "crash-" + cycle + "-" + sequence))).encode();
        return new KillStorm.Call(body, (status, answer, raw) -> answered(status, answer, raw, quantity));
      });
    }

    private void answered(int status, JsonObject body, String raw, int quantity) {
      JsonObject payload = body.getJsonObject("data") == null ? null
          : body.getJsonObject("data").getJsonObject("reserveStock");
      if (status != 200 || body.getJsonArray("errors") != null || payload == null) {
        unexpected.add(status + " " + raw);
        return;
      }
      JsonArray userErrors = payload.getJsonArray("userErrors");
      JsonObject reservation = payload.getJsonObject("reservation");
      if (userErrors.isEmpty() && reservation != null && reservation.getString("id") != null) {
        assertThat(reservation.getJsonArray("lines").getJsonObject(0).getInteger("quantity")).isEqualTo(quantity);
        acknowledged.put(GlobalId.decode(reservation.getString("id"), "Reservation"), quantity);
        acknowledgedThisCycle.incrementAndGet();
      } else if ("OUT_OF_STOCK".equals(userErrors.getJsonObject(0).getString("code"))) {
        outOfStock.incrementAndGet();
      } else {
        unexpected.add(userErrors.encode());
      }
    }

    void awaitAnswers() throws Exception {
      storm.awaitAnswers();
    }

    int acknowledgedThisCycle() {
      return acknowledgedThisCycle.get();
    }

    int outOfStock() {
      return outOfStock.get();
    }

    /** Requests that got no answer: the kill cut them off. */
    int cutOff() {
      return storm.cutOff();
    }

    /** Any other answer, which no request should get: a GraphQL error, an HTTP error, another user error. */
    List<String> unexpected() {
      return List.copyOf(unexpected);
    }
  }
}
