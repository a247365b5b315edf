package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Reservations: rules, limits and bad input")
class ReservationRulesTests {
  private InventoryFixture fixture;
  private String sku;

  @BeforeEach
  void world() {
    fixture = InventoryFixture.create(TestNode.shared().admin(), 2, 2,
        new JsonObject().put("reservationTtlDefaultSeconds", 600).put("reservationTtlMaxSeconds", 1200));
    sku = fixture.skus.get(0);
    fixture.receive(sku, fixture.locationIds.get(0), 10);
    fixture.receive(sku, fixture.locationIds.get(1), 30);
  }

  private String firstError(JsonObject payload) {
    assertThat(payload.getValue("reservation")).isNull();
    return payload.getJsonArray("userErrors").getJsonObject(0).getString("code");
  }

  private void setRules(JsonObject rules) {
    var response = fixture.admin.query("mutation($input: SetSaleRulesInput!) { setSaleRules(input: $input) {"
        + " variant { saleRules { maxPerReservation maxPerCustomer startsAt endsAt } } userErrors { code } } }",
        Map.of("input", rules.put("sku", sku)));
    assertThat(response.data().getJsonObject("setSaleRules").getJsonArray("userErrors")).isEmpty();
  }

  @Test
  @DisplayName("without a location, the location with most available is used; with a destination, the nearest")
  void locationChoice() {
    var most = fixture.reserve(fixture.reserveInput(lines(sku, 1))).getJsonObject("reservation");
    assertThat(most.getJsonArray("lines").getJsonObject(0).getJsonObject("location").getString("id"))
        .isEqualTo(fixture.locationIds.get(1));
    // The fixture puts location i at (50 + i, 10 + i): a destination near (50, 10) is nearest to the first.
    var near = fixture.reserve(fixture.reserveInput(lines(sku, 1))
        .put("destination", new JsonObject().put("latitude", 50.01).put("longitude", 10.01))).getJsonObject("reservation");
    assertThat(near.getJsonArray("lines").getJsonObject(0).getJsonObject("location").getString("id"))
        .isEqualTo(fixture.locationIds.get(0));
  }

  @Test
  @DisplayName("extend moves the expiry within the channel's maximum; release gives the units back once")
  void extendAndRelease() {
    var reservation = fixture.reserve(fixture.reserveInput(lines(sku, 5)).put("ttlSeconds", 60)).getJsonObject("reservation");
    String id = reservation.getString("id");
    assertThat(fixture.available(sku)).isEqualTo(35);

    var tooLong = fixture.admin.query("mutation($input: ExtendReservationInput!) { extendReservation(input: $input) { reservation { expiresAt } userErrors { code } } }",
        Map.of("input", new JsonObject().put("id", id).put("ttlSeconds", 5_000))).data().getJsonObject("extendReservation");
    assertThat(tooLong.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("LIMIT_EXCEEDED");
    var extended = fixture.admin.query("mutation($input: ExtendReservationInput!) { extendReservation(input: $input) { reservation { expiresAt } userErrors { code } } }",
        Map.of("input", new JsonObject().put("id", id).put("ttlSeconds", 1_200))).data().getJsonObject("extendReservation");
    assertThat(Instant.parse(extended.getJsonObject("reservation").getString("expiresAt")))
        .isAfter(Instant.parse(reservation.getString("expiresAt")));

    String release = "mutation($input: ReleaseReservationInput!) { releaseReservation(input: $input) { reservation { status } userErrors { code } } }";
    var released = fixture.admin.query(release, Map.of("input", new JsonObject().put("id", id))).data().getJsonObject("releaseReservation");
    assertThat(released.getJsonObject("reservation").getString("status")).isEqualTo("RELEASED");
    assertThat(fixture.available(sku)).isEqualTo(40);
    var twice = fixture.admin.query(release, Map.of("input", new JsonObject().put("id", id))).data().getJsonObject("releaseReservation");
    assertThat(twice.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID_STATE");
    assertThat(fixture.available(sku)).isEqualTo(40);
    var stored = fixture.admin.query("query($id: ID!) { reservation(id: $id) { status lines { sku quantity } } }",
        Map.of("id", id)).data().getJsonObject("reservation");
    assertThat(stored.getString("status")).isEqualTo("RELEASED");
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("bad input is a clear user error and reserves nothing")
  void badInput() {
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 0))))).isEqualTo("INVALID");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, -3))))).isEqualTo("INVALID");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines("NO-SUCH-SKU", 1))))).isEqualTo("NOT_FOUND");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 1)).put("ttlSeconds", 1_201)))).isEqualTo("LIMIT_EXCEEDED");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 1, sku, 1))))).isEqualTo("INVALID");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(new JsonArray())))).isEqualTo("REQUIRED");
    String otherLocation = fixture.admin.query("mutation($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }",
        Map.of("input", io.surge.support.CatalogMother.location(io.surge.support.CatalogMother.unique("OUT"))))
        .data().getJsonObject("createLocation").getJsonObject("location").getString("id");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 1)).put("locationId", otherLocation)))).isEqualTo("INVALID");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      many.add(new JsonObject().put("sku", "SKU-" + i).put("quantity", 1));
    }
    assertThat(firstError(fixture.reserve(fixture.reserveInput(many)))).isEqualTo("LIMIT_EXCEEDED");
    assertThat(fixture.available(sku)).isEqualTo(40);
  }

  @Test
  @DisplayName("a variant's limit per reservation and per customer hold, and the per-customer limit needs a customer")
  void limits() {
    setRules(new JsonObject().put("maxPerReservation", 3).put("maxPerCustomer", 4));
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 4)).put("customerRef", "ann")))).isEqualTo("LIMIT_EXCEEDED");
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 1))))).isEqualTo("REQUIRED");
    assertThat(fixture.reserve(fixture.reserveInput(lines(sku, 3)).put("customerRef", "ann")).getJsonObject("reservation")).isNotNull();
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 2)).put("customerRef", "ann")))).isEqualTo("LIMIT_EXCEEDED");
    assertThat(fixture.reserve(fixture.reserveInput(lines(sku, 1)).put("customerRef", "ann")).getJsonObject("reservation")).isNotNull();
    assertThat(fixture.reserve(fixture.reserveInput(lines(sku, 3)).put("customerRef", "bob")).getJsonObject("reservation")).isNotNull();
    assertThat(fixture.available(sku)).isEqualTo(33);
  }

  @Test
  @DisplayName("a sale window on the variant or on a campaign closes the SKU outside it")
  void saleWindows() {
    setRules(new JsonObject().put("startsAt", Instant.now().plusSeconds(3600).toString()));
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(sku, 1))))).isEqualTo("NOT_ON_SALE");
    setRules(new JsonObject());
    assertThat(fixture.reserve(fixture.reserveInput(lines(sku, 1))).getJsonObject("reservation")).isNotNull();

    String other = fixture.skus.get(1);
    fixture.receive(other, fixture.locationIds.get(0), 5);
    var campaign = fixture.admin.query("mutation($input: CreateCampaignInput!) { createCampaign(input: $input) {"
            + " campaign { code skus rules { endsAt maxPerReservation } } userErrors { code } } }",
        Map.of("input", new JsonObject().put("code", io.surge.support.CatalogMother.unique("bf")).put("name", "Black Friday")
            .put("skus", new JsonArray().add(other)).put("maxPerReservation", 2)
            .put("endsAt", Instant.now().minusSeconds(60).toString())))
        .data().getJsonObject("createCampaign");
    assertThat(campaign.getJsonArray("userErrors")).isEmpty();
    assertThat(firstError(fixture.reserve(fixture.reserveInput(lines(other, 1))))).isEqualTo("NOT_ON_SALE");
    assertThat(fixture.admin.query("query($s: String!) { variant(sku: $s) { saleRules { maxPerReservation endsAt } } }",
        Map.of("s", other)).data().getJsonObject("variant").getJsonObject("saleRules").getInteger("maxPerReservation"))
        .isEqualTo(2);
  }

  @Test
  @DisplayName("a CHANNEL key reserves for its own channel only and sees only its own reservations")
  void channelKeys() {
    GraphQLClient shop = fixture.storefront();
    var own = shop.query(InventoryFixture.RESERVE, Map.of("input", new JsonObject().put("lines", lines(sku, 1))))
        .data().getJsonObject("reserveStock").getJsonObject("reservation");
    assertThat(own).isNotNull();
    var other = InventoryFixture.create(fixture.admin, 1, 1);
    var foreign = shop.query(InventoryFixture.RESERVE, Map.of("input", other.reserveInput(lines(sku, 1))))
        .data().getJsonObject("reserveStock");
    assertThat(firstError(foreign)).isEqualTo("NOT_FOUND");
    var elsewhere = other.reserve(other.reserveInput(lines(sku, 1)));
    assertThat(shop.query("query($id: ID!) { reservation(id: $id) { id } }",
        Map.of("id", own.getString("id"))).data().getJsonObject("reservation")).isNotNull();
    assertThat(firstError(elsewhere)).isEqualTo("OUT_OF_STOCK");
    assertThat(shop.query("mutation { adjustStock(input: {sku: \"x\", locationId: \"x\", delta: 1, reason: OTHER}) { userErrors { code } } }")
        .errorCode()).isEqualTo("FORBIDDEN");
  }
}
