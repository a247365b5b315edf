package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A storefront's reserveStock skips graphql-java's execution (the planned path): the answers must
 * be the ones graphql-java gives for the same request, which the same selection spelled through a
 * fragment still gets.
 */
@SurgeTest
@DisplayName("Reservations: a storefront's reserveStock answered from its plan")
class PlannedReserveTests {
  private static final String SELECTION =
      "reservation { id status expiresAt createdAt customerRef lines { sku quantity } } userErrors { field code message }";
  private static final String PLANNED =
      "mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { " + SELECTION + " } }";
  private static final String GENERAL =
      "mutation Reserve($input: ReserveStockInput!) { reserveStock(input: $input) { ...P } } fragment P on ReservationPayload { "
          + SELECTION + " }";
  private static final Pattern PLANNED_COUNT = Pattern.compile("(?m)^surge_graphql_planned_total (\\S+)$");

  private InventoryFixture fixture;
  private GraphQLClient shop;
  private String sku;

  @BeforeEach
  void world() {
    fixture = InventoryFixture.create(TestNode.shared().admin(), 1, 1);
    sku = fixture.skus.get(0);
    fixture.receive(sku, fixture.locationIds.get(0), 5);
    shop = fixture.storefront();
  }

  private double plannedSoFar() {
    String metrics = fixture.admin.get("/metrics").body().getString("raw");
    Matcher found = PLANNED_COUNT.matcher(metrics == null ? "" : metrics);
    return found.find() ? Double.parseDouble(found.group(1)) : 0;
  }

  private JsonObject reserve(String document, JsonObject input) {
    return shop.query(document, Map.of("input", input)).body();
  }

  @Test
  @DisplayName("a reservation answered from the plan has graphql-java's shape and is stored as answered")
  void reservation() {
    double before = plannedSoFar();
    JsonObject input = fixture.reserveInput(lines(sku, 2)).put("customerRef", "c-1").put("ttlSeconds", 300);
    JsonObject planned = reserve(PLANNED, input);
    assertThat(plannedSoFar()).isEqualTo(before + 1);
    JsonObject general = reserve(GENERAL, input);
    assertThat(plannedSoFar()).as("the fragment takes graphql-java's path").isEqualTo(before + 1);

    JsonObject fromPlan = planned.getJsonObject("data").getJsonObject("reserveStock");
    JsonObject fromGraphql = general.getJsonObject("data").getJsonObject("reserveStock");
    assertThat(planned.fieldNames()).isEqualTo(general.fieldNames());
    assertThat(fromPlan.fieldNames()).containsExactly("reservation", "userErrors");
    assertThat(fromPlan.getJsonArray("userErrors")).isEqualTo(fromGraphql.getJsonArray("userErrors")).isEmpty();
    JsonObject reservation = fromPlan.getJsonObject("reservation");
    JsonObject expected = fromGraphql.getJsonObject("reservation").copy()
        .put("id", reservation.getString("id"))
        .put("expiresAt", reservation.getString("expiresAt"))
        .put("createdAt", reservation.getString("createdAt"));
    assertThat(reservation.fieldNames()).containsExactly("id", "status", "expiresAt", "createdAt", "customerRef", "lines");
    assertThat(reservation).isEqualTo(expected);
    assertThat(java.time.Instant.parse(reservation.getString("expiresAt")))
        .isAfter(java.time.Instant.parse(reservation.getString("createdAt")).plusSeconds(299));

    JsonObject stored = shop.query("query($id: ID!) { reservation(id: $id) { id status customerRef lines { sku quantity } } }",
        Map.of("id", reservation.getString("id"))).data().getJsonObject("reservation");
    assertThat(stored).isEqualTo(new JsonObject().put("id", reservation.getString("id")).put("status", "ACTIVE")
        .put("customerRef", "c-1").put("lines", reservation.getJsonArray("lines")));
    assertThat(fixture.available(sku)).isEqualTo(1);
  }

  @Test
  @DisplayName("a refusal (OUT_OF_STOCK) is the same body either way, and takes nothing")
  void refusal() {
    JsonObject input = fixture.reserveInput(lines(sku, 6));
    double before = plannedSoFar();
    JsonObject planned = reserve(PLANNED, input);
    assertThat(plannedSoFar()).isEqualTo(before + 1);
    assertThat(planned).isEqualTo(reserve(GENERAL, input));
    assertThat(planned.getJsonObject("data").getJsonObject("reserveStock").getJsonArray("userErrors")
        .getJsonObject(0).getString("code")).isEqualTo("OUT_OF_STOCK");
    assertThat(fixture.available(sku)).isEqualTo(5);
  }

  @Test
  @DisplayName("input of another shape, and staff keys, go through graphql-java with its errors and audit")
  void declined() {
    double before = plannedSoFar();
    // An Int where a String is expected: graphql-java's coercion error, no effect.
    JsonObject badSku = new JsonObject().put("channelId", fixture.channelId)
        .put("lines", new io.vertx.core.json.JsonArray().add(new JsonObject().put("sku", 12).put("quantity", "two")));
    var coerced = shop.query(PLANNED, Map.of("input", badSku));
    assertThat(coerced.errorCode()).isEqualTo("BAD_USER_INPUT");
    // A malformed id: graphql-java's path reports it the way it always has.
    var badId = shop.query(PLANNED, Map.of("input", fixture.reserveInput(lines(sku, 1)).put("locationId", "nope")));
    assertThat(badId.errorCode()).isEqualTo("BAD_USER_INPUT");
    // Staff reserve through graphql-java, so the audit trail records them.
    var staff = fixture.admin.query(PLANNED, Map.of("input", fixture.reserveInput(lines(sku, 1))));
    assertThat(staff.data().getJsonObject("reserveStock").getJsonObject("reservation")).isNotNull();
    assertThat(plannedSoFar()).isEqualTo(before);
    assertThat(fixture.available(sku)).isEqualTo(4);
  }

  @Test
  @DisplayName("with an Idempotency-Key: answered from the plan once, the retry replays the same answer and reserves nothing more")
  void idempotent() {
    String key = "planned-" + System.nanoTime();
    String body = new JsonObject().put("operationName", "Reserve").put("query", PLANNED)
        .put("variables", new JsonObject().put("input", fixture.reserveInput(lines(sku, 2)))).encode();
    java.util.function.Supplier<GraphQLClient.Response> send = () -> shop.send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(shop.baseUrl() + "/graphql"))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    double before = plannedSoFar();
    GraphQLClient.Response first = send.get();
    GraphQLClient.Response retry = send.get();
    assertThat(plannedSoFar()).as("the retry is not executed again").isEqualTo(before + 1);
    assertThat(first.body().getJsonObject("data").getJsonObject("reserveStock").getJsonObject("reservation")).isNotNull();
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().get("idempotent-replayed")).containsExactly("true");
    assertThat(io.surge.support.Db.count(TestNode.shared().pgUrl(),
        "SELECT count(*) FROM reservation WHERE idempotency_key = ?", key)).isEqualTo(1);
    assertThat(fixture.available(sku)).isEqualTo(3);
  }
}
