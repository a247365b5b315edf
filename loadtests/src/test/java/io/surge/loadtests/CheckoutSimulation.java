package io.surge.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.UUID;

/**
 * Checkout as a storefront does it, under an OPEN workload: shoppers arrive at {@code surge.rate}
 * per second and each runs the chain reserveStock → placeOrder(reservationId) → trackOrder(number,
 * email). One shopper = 3 requests, each needing the previous answer (the reservation id, then the
 * order number).
 *
 * <p>Set-up receives 1,000,000 units of {@code surge.sku} at {@code surge.location} so the run
 * never sells out. Every request checks HTTP 200, no top-level {@code errors} and the value it
 * needs (a reservation, a CONFIRMED order, the same number tracked); a userError is a failure here.
 *
 * <p>Properties (besides those of {@link LoadSettings}): {@code surge.rate} shoppers/s, default 20;
 * {@code surge.sku} default DEMO-0400-M; {@code surge.channel} default web; {@code surge.location}
 * default BER-WH; {@code surge.p99Ms} default 500.
 */
public class CheckoutSimulation extends Simulation {

  static final String RESERVE =
      "mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) "
          + "{ reservation { id } userErrors { code message } } }";

  static final String PLACE =
      "mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) "
          + "{ order { id number status } userErrors { code message } } }";

  static final String TRACK =
      "query Track($number: String!, $email: String!) { trackOrder(number: $number, email: $email) "
          + "{ number status placedAt timeline { status at } } }";

  private final LoadSettings settings = new LoadSettings();
  private final double rate = LoadSettings.doubleProp("surge.rate", 20);
  private final String sku = LoadSettings.prop("surge.sku", "DEMO-0400-M");
  private final String channel = LoadSettings.prop("surge.channel", "web");
  private final String location = LoadSettings.prop("surge.location", "BER-WH");
  private final int p99Ms = LoadSettings.intProp("surge.p99Ms", 500);

  {
    SetupClient api = new SetupClient(settings);
    String[] ids = api.channelAndLocationIds(channel, location);
    api.receive(sku, ids[1], 1_000_000, "CheckoutSimulation");
    String channelId = GraphqlBody.jsonString(ids[0]);

    String reserveBody = GraphqlBody.of("Reserve", RESERVE,
        "{\"input\":{\"channelId\":" + channelId + ",\"locationId\":" + GraphqlBody.jsonString(ids[1])
            + ",\"customerRef\":\"#{email}\",\"lines\":[{\"sku\":" + GraphqlBody.jsonString(sku)
            + ",\"quantity\":1}]}}");
    String placeBody = GraphqlBody.of("Place", PLACE,
        "{\"input\":{\"reservationId\":\"#{reservationId}\",\"channelId\":" + channelId + ",\"paid\":true,"
            + "\"customer\":{\"email\":\"#{email}\",\"name\":\"Load Test\"},"
            + "\"shippingAddress\":{\"line1\":\"Invalidenstr. 1\",\"city\":\"Berlin\",\"postalCode\":\"10115\","
            + "\"countryCode\":\"DE\"}}}");
    String trackBody = GraphqlBody.of("Track", TRACK, "{\"number\":\"#{orderNumber}\",\"email\":\"#{email}\"}");

    ScenarioBuilder shoppers = scenario("checkout: reserve, place, track")
        // One customer per shopper: trackOrder needs the order's email, and no per-customer limit is shared.
        .exec(session -> session.set("email", "shopper-" + UUID.randomUUID() + "@example.com"))
        .exec(http("reserveStock")
            .post("/graphql")
            .body(StringBody(reserveBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.reserveStock.reservation.id").saveAs("reservationId")))
        .exitHereIfFailed()
        .exec(http("placeOrder (reservationId)")
            .post("/graphql")
            .body(StringBody(placeBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.placeOrder.order.status").is("CONFIRMED"),
                jsonPath("$.data.placeOrder.order.number").saveAs("orderNumber")))
        .exitHereIfFailed()
        .exec(http("trackOrder (number, email)")
            .post("/graphql")
            .body(StringBody(trackBody))
            .check(
                status().is(200),
                jsonPath("$.errors").notExists(),
                jsonPath("$.data.trackOrder.number").isEL("#{orderNumber}")));

    System.out.printf("CheckoutSimulation: baseUrl=%s rate=%s shoppers/s ramp=%ds duration=%ds sku=%s at %s for channel %s%n",
        settings.baseUrl, rate, settings.ramp, settings.duration, sku, location, channel);

    setUp(shoppers.injectOpen(settings.arrivals(rate)))
        .protocols(settings.httpProtocol())
        .maxDuration(settings.maxDuration())
        .assertions(
            global().failedRequests().percent().lte(settings.maxFailedPct),
            global().responseTime().percentile(99.0).lt(p99Ms));
  }
}
