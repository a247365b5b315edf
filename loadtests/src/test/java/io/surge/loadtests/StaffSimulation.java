package io.surge.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Staff reading orders while the storefront sells, in one simulation (two open workloads at once):
 * <ul>
 *   <li>staff users arrive at {@code surge.staffRate} per second; each reads
 *       {@code orders(first: 50)} filtered by status CONFIRMED, then filtered by channel and
 *       placed in the last day, then opens the first order of that page with {@code order(id)};</li>
 *   <li>storefront users arrive at {@code surge.rate} per second; each looks up
 *       {@code variant(sku)} and reserves one unit of it.</li>
 * </ul>
 * Set-up receives 1,000,000 units of {@code surge.sku} at {@code surge.location} and places
 * {@code surge.seedOrders} paid orders, so the pages are not empty on a fresh server.
 *
 * <p>Properties (besides those of {@link LoadSettings}): {@code surge.rate} storefront users/s,
 * default 20; {@code surge.staffRate} staff users/s, default 2; {@code surge.sku} default
 * DEMO-0500-M; {@code surge.channel} web; {@code surge.location} BER-WH; {@code surge.seedOrders}
 * default 50; {@code surge.p99Ms} default 500 (over both scenarios).
 */
public class StaffSimulation extends Simulation {

  static final String PAGE =
      "query OrdersPage($filter: OrderFilter) { orders(first: 50, filter: $filter) { totalCount "
          + "edges { node { id number status placedAt customer { email } total { amount currencyCode } "
          + "lines { sku quantityOrdered } } } pageInfo { hasNextPage endCursor } } }";

  static final String ORDER =
      "query Order($id: ID!) { order(id: $id) { id number status paymentStatus placedAt "
          + "customer { email name } shippingAddress { line1 city postalCode countryCode } "
          + "lines { sku quantityOrdered total { amount } } "
          + "fulfillmentOrders { status lines { quantity quantityRemaining } } shipments { trackingNumber } } }";

  static final String VARIANT =
      "query Variant($sku: String!) { variant(sku: $sku) { id sku title prices { amount currencyCode } "
          + "availableQuantity } }";

  static final String RESERVE =
      "mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) "
          + "{ reservation { id } userErrors { code message } } }";

  private final LoadSettings settings = new LoadSettings();
  private final double rate = LoadSettings.doubleProp("surge.rate", 20);
  private final double staffRate = LoadSettings.doubleProp("surge.staffRate", 2);
  private final String sku = LoadSettings.prop("surge.sku", "DEMO-0500-M");
  private final String channel = LoadSettings.prop("surge.channel", "web");
  private final String location = LoadSettings.prop("surge.location", "BER-WH");
  private final int seedOrders = LoadSettings.intProp("surge.seedOrders", 50);
  private final int p99Ms = LoadSettings.intProp("surge.p99Ms", 500);

  {
    SetupClient api = new SetupClient(settings);
    String[] ids = api.channelAndLocationIds(channel, location);
    api.receive(sku, ids[1], 1_000_000, "StaffSimulation");
    String channelId = GraphqlBody.jsonString(ids[0]);
    String skuJson = GraphqlBody.jsonString(sku);
    for (int i = 0; i < seedOrders; i++) {
      api.mutation("placeOrder", "mutation { placeOrder(input: {channelId: " + channelId + ", paid: true, "
          + "customer: {email: \"staff-seed-" + i + "@example.com\"}, shippingAddress: {line1: \"Invalidenstr. 1\", "
          + "city: \"Berlin\", postalCode: \"10115\", countryCode: \"DE\"}, lines: [{sku: " + skuJson
          + ", quantity: 1}]}) { order { id } userErrors { code message } } }");
    }

    String confirmedPage = GraphqlBody.of("OrdersPage", PAGE, "{\"filter\":{\"status\":[\"CONFIRMED\"]}}");
    String recentPage = GraphqlBody.of("OrdersPage", PAGE, "{\"filter\":{\"channelId\":" + channelId
        + ",\"placedAfter\":\"#{placedAfter}\"}}");
    String orderBody = GraphqlBody.of("Order", ORDER, "{\"id\":\"#{orderId}\"}");
    String variantBody = GraphqlBody.of("Variant", VARIANT, "{\"sku\":" + skuJson + "}");
    String reserveBody = GraphqlBody.of("Reserve", RESERVE,
        "{\"input\":{\"channelId\":" + channelId + ",\"locationId\":" + GraphqlBody.jsonString(ids[1])
            + ",\"lines\":[{\"sku\":" + skuJson + ",\"quantity\":1}]}}");

    ScenarioBuilder staff = scenario("staff: order pages and one order")
        .exec(session -> session.set("placedAfter", Instant.now().minus(1, ChronoUnit.DAYS).toString()))
        .exec(http("orders(first: 50) status CONFIRMED")
            .post("/graphql")
            .body(StringBody(confirmedPage))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.orders.totalCount").ofInt().gte(0)))
        .exec(http("orders(first: 50) channel, placed in the last day")
            .post("/graphql")
            .body(StringBody(recentPage))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.orders.edges[0].node.id").optional().saveAs("orderId")))
        .exec(doIf("#{orderId.exists()}").then(
            http("order(id)")
                .post("/graphql")
                .body(StringBody(orderBody))
                .check(
                    status().is(200),
                    jsonPath("$.errors").notExists(),
                    jsonPath("$.data.order.id").isEL("#{orderId}"))));

    ScenarioBuilder storefront = scenario("storefront: variant + reserveStock")
        .exec(http("variant(sku)")
            .post("/graphql")
            .body(StringBody(variantBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.variant.sku").is(sku)))
        .exec(http("reserveStock")
            .post("/graphql")
            .body(StringBody(reserveBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.reserveStock.reservation.id").exists()));

    System.out.printf("StaffSimulation: baseUrl=%s storefront %s users/s, staff %s users/s, ramp=%ds duration=%ds "
            + "sku=%s at %s for channel %s, %d seed orders%n",
        settings.baseUrl, rate, staffRate, settings.ramp, settings.duration, sku, location, channel, seedOrders);

    setUp(
        staff.injectOpen(settings.arrivals(staffRate)),
        storefront.injectOpen(settings.arrivals(rate)))
        .protocols(settings.httpProtocol())
        .maxDuration(settings.maxDuration())
        .assertions(
            global().failedRequests().percent().lte(settings.maxFailedPct),
            global().responseTime().percentile(99.0).lt(p99Ms));
  }
}
