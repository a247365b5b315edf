package io.surge.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flash sale: buyers ARRIVE at {@code surge.rate} per second (open workload) and each tries once
 * to reserve {@code surge.quantity} units of one SKU that has only {@code surge.stock} units.
 *
 * <p>Set-up (before the first buyer): creates a fresh product with SKU {@code FLASH-<epoch ms>} and
 * receives {@code surge.stock} units of it at {@code surge.location}; with {@code -Dsurge.sku=...}
 * it uses that existing SKU instead and adjusts its on-hand count so exactly {@code surge.stock}
 * units are available there.
 *
 * <p>A reservation and an {@code OUT_OF_STOCK} refusal are both expected answers (the sale sells
 * out); a request fails on a non-200, a top-level {@code errors}, or any other userError code.
 * After the last buyer, one user checks over the API that nothing was oversold or lost: the
 * {@code inventoryAudit(skus:)} of the SKU is clean, and at the location
 * {@code reserved + available} still equals the stock offered, with {@code reserved} equal to the
 * units of the reservations that succeeded. Either check failing fails the run.
 *
 * <p>Properties (besides those of {@link LoadSettings}): {@code surge.rate} buyers/s, default 200;
 * {@code surge.stock} default 1000; {@code surge.quantity} default 1; {@code surge.sku} (default:
 * a fresh SKU); {@code surge.channel} default web; {@code surge.location} default BER-WH;
 * {@code surge.p99Ms} default 500. {@code surge.ramp} defaults to 5 and {@code surge.duration}
 * to 30, like every simulation.
 */
public class FlashSaleSimulation extends Simulation {

  static final String RESERVE =
      "mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) "
          + "{ reservation { id } userErrors { code } } }";

  static final String STOCK_CHECK =
      "query StockCheck($sku: String!) { inventoryAudit(skus: [$sku]) "
          + "{ clean findings { check expected actual } } "
          + "variant(sku: $sku) { stockLevels { location { code } onHand allocated reserved safetyStock available } } }";

  static final String AUDIT_REQUEST = "stock check: inventoryAudit clean";
  static final String BALANCE_REQUEST = "stock check: reserved + available = stock";

  private final LoadSettings settings = new LoadSettings();
  private final double rate = LoadSettings.doubleProp("surge.rate", 200);
  private final int stock = LoadSettings.intProp("surge.stock", 1000);
  private final int quantity = LoadSettings.intProp("surge.quantity", 1);
  private final String channel = LoadSettings.prop("surge.channel", "web");
  private final String location = LoadSettings.prop("surge.location", "BER-WH");
  private final int p99Ms = LoadSettings.intProp("surge.p99Ms", 500);

  private final AtomicLong reservedCount = new AtomicLong();
  private final AtomicLong outOfStockCount = new AtomicLong();

  private final String sku;
  private final int reservedBefore;

  {
    SetupClient api = new SetupClient(settings);
    String[] ids = api.channelAndLocationIds(channel, location);
    String given = LoadSettings.prop("surge.sku", "");
    sku = given.isEmpty() ? createFreshSku(api) : given;
    reservedBefore = offerExactly(api, ids[1]);

    String reserveBody = GraphqlBody.of("Reserve", RESERVE,
        "{\"input\":{\"channelId\":" + GraphqlBody.jsonString(ids[0])
            + ",\"locationId\":" + GraphqlBody.jsonString(ids[1])
            + ",\"ttlSeconds\":3600,\"lines\":[{\"sku\":" + GraphqlBody.jsonString(sku)
            + ",\"quantity\":" + quantity + "}]}}");

    ScenarioBuilder buyers = scenario("flash-sale buyers")
        .exec(http("reserveStock (one SKU, limited stock)")
            .post("/graphql")
            .body(StringBody(reserveBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.reserveStock").ofMap().transform(this::outcome).in("RESERVED", "OUT_OF_STOCK")));

    String checkBody = GraphqlBody.of("StockCheck", STOCK_CHECK, "{\"sku\":" + GraphqlBody.jsonString(sku) + "}");
    ScenarioBuilder audit = scenario("stock check after the sale")
        .exec(http(AUDIT_REQUEST)
            .post("/graphql")
            .body(StringBody(checkBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.inventoryAudit.clean").ofBoolean().is(true)))
        .exec(http(BALANCE_REQUEST)
            .post("/graphql")
            .body(StringBody(checkBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.variant.stockLevels").ofList().transform(this::balance).is("balanced")));

    System.out.printf("FlashSaleSimulation: baseUrl=%s rate=%s buyers/s ramp=%ds duration=%ds sku=%s stock=%d "
            + "quantity=%d at %s for channel %s%n",
        settings.baseUrl, rate, settings.ramp, settings.duration, sku, stock, quantity, location, channel);

    setUp(buyers.injectOpen(settings.arrivals(rate))
            .andThen(audit.injectOpen(atOnceUsers(1))))
        // On setUp, not on the buyers: protocols set on a population do not reach its andThen children.
        .protocols(settings.httpProtocol())
        .maxDuration(settings.maxDuration())
        .assertions(
            global().failedRequests().percent().lte(settings.maxFailedPct),
            global().responseTime().percentile(99.0).lt(p99Ms),
            details(AUDIT_REQUEST).failedRequests().count().is(0L),
            details(BALANCE_REQUEST).failedRequests().count().is(0L));
  }

  @Override
  public void after() {
    System.out.printf("FlashSaleSimulation: %d reservations of %d unit(s), %d OUT_OF_STOCK, %d units offered%n",
        reservedCount.get(), quantity, outOfStockCount.get(), stock);
  }

  /** RESERVED or OUT_OF_STOCK (and counts them); any other answer names itself and fails the check. */
  private String outcome(Map<String, Object> payload) {
    if (payload.get("reservation") instanceof Map<?, ?>) {
      reservedCount.incrementAndGet();
      return "RESERVED";
    }
    if (payload.get("userErrors") instanceof List<?> errors && !errors.isEmpty()
        && errors.get(0) instanceof Map<?, ?> first) {
      String code = String.valueOf(first.get("code"));
      if (code.equals("OUT_OF_STOCK")) {
        outOfStockCount.incrementAndGet();
      }
      return code;
    }
    return "no reservation and no userError: " + payload;
  }

  /** "balanced", or what does not add up at the sale's location. */
  private String balance(List<Object> levels) {
    for (Object o : levels) {
      if (o instanceof Map<?, ?> level && level.get("location") instanceof Map<?, ?> loc
          && location.equals(loc.get("code"))) {
        long reserved = ((Number) level.get("reserved")).longValue() - reservedBefore;
        long available = ((Number) level.get("available")).longValue();
        long sold = reservedCount.get() * quantity;
        if (reserved + available != stock || reserved != sold) {
          return "unbalanced: reserved by this run " + reserved + " + available " + available + " != stock " + stock
              + " or != units of successful reservations " + sold + " (level " + level + ")";
        }
        return "balanced";
      }
    }
    return "no stock level at " + location;
  }

  private String createFreshSku(SetupClient api) {
    String fresh = "FLASH-" + System.currentTimeMillis();
    api.mutation("createProduct", "mutation { createProduct(input: {title: " + GraphqlBody.jsonString("Flash sale " + fresh)
        + ", variants: [{sku: " + GraphqlBody.jsonString(fresh) + ", title: \"Flash sale\", "
        + "price: {amount: \"9.99\", currencyCode: \"EUR\"}}]}) { product { id } userErrors { code message } } }");
    return fresh;
  }

  /** Makes exactly {@code stock} units available at the location; returns the units reserved already. */
  private int offerExactly(SetupClient api, String locationId) {
    var levels = api.data("query { variant(sku: " + GraphqlBody.jsonString(sku) + ") "
        + "{ stockLevels { location { code } reserved available } } }").path("variant");
    if (levels.isNull() || levels.isMissingNode()) {
      throw new IllegalStateException("SKU " + sku + " not found");
    }
    int reserved = 0;
    int available = 0;
    for (var level : levels.path("stockLevels")) {
      if (location.equals(level.path("location").path("code").asText())) {
        reserved = level.path("reserved").asInt();
        available = level.path("available").asInt();
      }
    }
    int delta = stock - available;
    if (delta > 0) {
      api.receive(sku, locationId, delta, "FlashSaleSimulation");
    } else if (delta < 0) {
      api.mutation("adjustStock", "mutation { adjustStock(input: {sku: " + GraphqlBody.jsonString(sku)
          + ", locationId: " + GraphqlBody.jsonString(locationId) + ", delta: " + delta
          + ", reason: CORRECTION, note: \"FlashSaleSimulation\"}) { stockLevel { onHand } userErrors { code message } } }");
    }
    return reserved;
  }
}
