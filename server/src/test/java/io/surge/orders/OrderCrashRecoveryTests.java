package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.access.domain.ApiKeySecret;
import io.surge.graphql.GlobalId;
import io.surge.support.Db;
import io.surge.support.InventoryFixture;
import io.surge.support.StockInvariants;
import io.surge.support.KillStorm;
import io.surge.support.NodeProcess;
import io.surge.support.OrderFixture;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node in its own JVM is killed with SIGKILL while paid orders from lines pour in, then started
 * again on the same database and data directory. Every order a client was told was placed must be
 * stored with its lines and allocations, and the stock rows must promise exactly what the open
 * fulfilment orders hold, kill after kill.
 */
@SurgeTest
@DisplayName("Crash recovery of the checkout path")
class OrderCrashRecoveryTests {
  private static final Logger log = LoggerFactory.getLogger(OrderCrashRecoveryTests.class);
  private static final int CYCLES = 3;
  private static final int UNITS = 1_000;
  private static final int PLACED_BEFORE_KILL = 30;
  private static final Duration STORM_LIMIT = Duration.ofSeconds(6);
  private static final int IN_FLIGHT = 24;
  private static NodeProcess node;

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("every acknowledged order survives a SIGKILL mid-storm with its lines and allocations, and allocated matches the open fulfilment lines")
  void killMidCheckoutStorm() throws Exception {
    String pgUrl = TestServices.freshDatabase("order_crash");
    Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
        "surge-order-crash-");
    String adminKey = ApiKeySecret.generate();
    node = new NodeProcess(new NodeProcess.Settings("order-crash-recovery", pgUrl, TestServices.redisUrl(), dataDir,
        adminKey)).start();
    var inventory = InventoryFixture.create(node.admin(), 1, 2);
    for (String sku : inventory.skus) {
      inventory.receive(sku, inventory.locationIds.get(0), UNITS);
    }
    Map<Long, Map<String, Integer>> acknowledged = new ConcurrentHashMap<>();

    long storedBefore = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      long started = System.nanoTime();
      Storm storm = new Storm(node.baseUrl(), adminKey, new OrderFixture(inventory), inventory.skus, cycle,
          acknowledged);
      storm.runUntil(PLACED_BEFORE_KILL, STORM_LIMIT);
      node.kill();
      storm.awaitAnswers();
      long killed = System.nanoTime();
      node.start();
      long restarted = System.nanoTime();
      inventory = inventory.through(node.admin());

      assertThat(storm.unexpected()).as("answers other than a placed order").isEmpty();
      assertThat(storm.placedThisCycle()).as("orders placed before the kill").isPositive();
      long stored = assertConsistent(pgUrl, inventory, acknowledged);
      log.info("cycle {}: {} orders acknowledged, {} cut off by the kill, {} stored but never acknowledged;"
              + " storm {} ms, restart {} ms, checks {} ms", cycle, storm.placedThisCycle(), storm.cutOff(),
          stored - storedBefore - storm.placedThisCycle(), (killed - started) / 1_000_000,
          (restarted - killed) / 1_000_000, (System.nanoTime() - restarted) / 1_000_000);
      storedBefore = stored;
      // The restarted node takes orders again.
      JsonObject after = new OrderFixture(inventory).placed(new OrderFixture(inventory)
          .input("after-" + cycle + "@example.com").put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));
      acknowledged.put(GlobalId.decode(after.getString("id"), "Order"), Map.of(inventory.skus.get(0), 1));
      storedBefore++;
    }
    assertConsistent(pgUrl, inventory, acknowledged);
  }

  /**
   * What must hold after every restart, read from PostgreSQL directly and through the API.
   *
   * @return how many orders PostgreSQL holds
   */
  private static long assertConsistent(String pgUrl, InventoryFixture inventory,
      Map<Long, Map<String, Integer>> acknowledged) {
    Map<Long, Map<String, Integer>> ordered = new HashMap<>();
    Map<Long, Map<String, Integer>> allocated = new HashMap<>();
    for (Object row : Db.column(pgUrl, "SELECT order_id || ':' || sku || ':' || quantity_ordered || ':'"
        + " || quantity_allocated FROM order_line")) {
      String[] parts = ((String) row).split(":");
      long order = Long.parseLong(parts[0]);
      ordered.computeIfAbsent(order, k -> new HashMap<>()).merge(parts[1], Integer.parseInt(parts[2]), Integer::sum);
      allocated.computeIfAbsent(order, k -> new HashMap<>()).merge(parts[1], Integer.parseInt(parts[3]), Integer::sum);
    }
    assertThat(ordered).as("orders in PostgreSQL with their lines").containsAllEntriesOf(acknowledged);
    assertThat(allocated).as("allocated units of the acknowledged orders").containsAllEntriesOf(acknowledged);
    assertThat(Db.count(pgUrl, """
        SELECT count(*) FROM order_line l LEFT JOIN (
          SELECT order_id, line_no, sum(quantity - quantity_shipped - quantity_cancelled) AS units
          FROM fulfillment_order_line GROUP BY order_id, line_no) f
          ON f.order_id = l.order_id AND f.line_no = l.line_no
        WHERE l.quantity_allocated <> coalesce(f.units, 0)""")).as("order lines whose allocation no fulfilment line holds")
        .isZero();
    assertThat(Db.count(pgUrl, """
        SELECT count(*) FROM stock s LEFT JOIN (
          SELECT fol.variant_id, fo.location_id, sum(fol.quantity - fol.quantity_shipped - fol.quantity_cancelled) AS units
          FROM fulfillment_order_line fol JOIN fulfillment_order fo ON fo.id = fol.fulfillment_order_id
          WHERE fo.status NOT IN ('SHIPPED', 'CANCELLED') GROUP BY fol.variant_id, fo.location_id) f
          ON f.variant_id = s.variant_id AND f.location_id = s.location_id
        WHERE s.allocated <> coalesce(f.units, 0)""")).as("stock rows whose allocated differs from the open fulfilment lines")
        .isZero();
    StockInvariants.assertHold(pgUrl, inventory, "after the restart");
    return Db.count(pgUrl, "SELECT count(*) FROM sales_order");
  }

  /**
   * Paid orders from lines sent {@link #IN_FLIGHT} at a time, each with one or both SKUs, recording
   * every one a response confirmed (no userErrors, an id) with its units per SKU. Requests cut off by
   * the kill get no answer: they may or may not have been stored.
   */
  private static final class Storm {
    private final KillStorm storm;
    private final OrderFixture orders;
    private final List<String> skus;
    private final int cycle;
    private final Map<Long, Map<String, Integer>> acknowledged;
    private final AtomicInteger placedThisCycle = new AtomicInteger();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    Storm(String baseUrl, String adminKey, OrderFixture orders, List<String> skus, int cycle,
        Map<Long, Map<String, Integer>> acknowledged) {
      this.storm = new KillStorm(baseUrl, adminKey, IN_FLIGHT);
      this.orders = orders;
      this.skus = skus;
      this.cycle = cycle;
      this.acknowledged = acknowledged;
    }

    /** Sends until {@code placed} orders were acknowledged or {@code limit} passes; returns with requests in flight. */
    void runUntil(int placed, Duration limit) throws InterruptedException {
      storm.runUntil(() -> placedThisCycle.get() >= placed, limit, sequence -> {
        Map<String, Integer> units = new HashMap<>();
        JsonArray lines = new JsonArray();
        for (String sku : skus) {
          if (units.isEmpty() || ThreadLocalRandom.current().nextBoolean()) {
            int quantity = ThreadLocalRandom.current().nextInt(1, 3);
            units.put(sku, quantity);
            lines.add(new JsonObject().put("sku", sku).put("quantity", quantity));
          }
        }
        String body = new JsonObject().put("query", OrderFixture.PLACE)
            .put("variables", new JsonObject().put("input",
                orders.input("crash-" + cycle + "-" + sequence + "@example.com").put("lines", lines))).encode();
        return new KillStorm.Call(body, (status, answer, raw) -> answered(status, answer, raw, units));
      });
    }

    private void answered(int status, JsonObject body, String raw, Map<String, Integer> units) {
      JsonObject payload = body.getJsonObject("data") == null ? null
          : body.getJsonObject("data").getJsonObject("placeOrder");
      if (status != 200 || body.getJsonArray("errors") != null || payload == null) {
        unexpected.add(status + " " + raw);
        return;
      }
      JsonObject order = payload.getJsonObject("order");
      if (payload.getJsonArray("userErrors").isEmpty() && order != null && order.getString("id") != null) {
        acknowledged.put(GlobalId.decode(order.getString("id"), "Order"), units);
        placedThisCycle.incrementAndGet();
      } else {
        unexpected.add(payload.encode());
      }
    }

    void awaitAnswers() throws Exception {
      storm.awaitAnswers();
    }

    int placedThisCycle() {
      return placedThisCycle.get();
    }

    int cutOff() {
      return storm.cutOff();
    }

    List<String> unexpected() {
      return List.copyOf(unexpected);
    }
  }
}
