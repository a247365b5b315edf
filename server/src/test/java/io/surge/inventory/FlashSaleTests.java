package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.graphql.GlobalId;
import io.surge.support.Db;
import io.surge.support.Eventually;
import io.surge.support.HttpStorm;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Flash sale: many buyers, little stock")
class FlashSaleTests {
  private static final int BUYERS = 2_000;
  private static final int IN_FLIGHT = 256;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
  }

  /** Sends BUYERS reserveStock requests over HTTP, IN_FLIGHT at a time, and returns the payloads. */
  private static List<JsonObject> storm(IntFunction<JsonObject> input) throws Exception {
    return HttpStorm.storm(node, InventoryFixture.RESERVE, "reserveStock", BUYERS, IN_FLIGHT, input);
  }

  private static long succeeded(List<JsonObject> payloads) {
    return payloads.stream().filter(p -> p.getJsonObject("reservation") != null).count();
  }

  private static long refusedWith(List<JsonObject> payloads, String code) {
    return payloads.stream().filter(p -> !p.getJsonArray("userErrors").isEmpty()
        && code.equals(p.getJsonArray("userErrors").getJsonObject(0).getString("code"))).count();
  }

  /**
   * Brings the expiry of these reservations to a second from now (the storm runs with a long TTL
   * so that nothing expires while it is still running).
   */
  private static void expireSoon(List<JsonObject> payloads) {
    for (JsonObject payload : payloads) {
      if (payload.getJsonObject("reservation") != null) {
        var extended = node.admin().query("mutation($input: ExtendReservationInput!) { extendReservation(input: $input) { userErrors { code } } }",
            java.util.Map.of("input", new JsonObject().put("id", payload.getJsonObject("reservation").getString("id"))
                .put("ttlSeconds", 1)));
        assertThat(extended.data().getJsonObject("extendReservation").getJsonArray("userErrors")).isEmpty();
      }
    }
  }

  private static long activeUnits(List<String> skus) {
    return Db.count(node.pgUrl(), "SELECT coalesce(sum(l.quantity), 0) FROM reservation r"
        + " JOIN reservation_lines l ON l.reservation_id = r.id JOIN variant v ON v.id = l.variant_id"
        + " WHERE r.status = 'ACTIVE' AND v.sku = ANY(?)", (Object) skus.toArray(new String[0]));
  }

  @Test
  @DisplayName("2,000 buyers for 100 units: exactly 100 reservations, 1,900 OUT_OF_STOCK, all committed, audit clean, all back after expiry")
  void singleSku() throws Exception {
    var fixture = InventoryFixture.create(node.admin(), 1, 1, new JsonObject().put("reservationTtlDefaultSeconds", 120));
    String sku = fixture.skus.get(0);
    fixture.receive(sku, fixture.locationIds.get(0), 100);

    List<JsonObject> payloads = storm(i -> fixture.reserveInput(lines(sku, 1)).put("customerRef", "buyer-" + i));

    assertThat(succeeded(payloads)).isEqualTo(100);
    assertThat(refusedWith(payloads, "OUT_OF_STOCK")).isEqualTo(1_900);
    List<Long> ids = payloads.stream().filter(p -> p.getJsonObject("reservation") != null)
        .map(p -> GlobalId.decode(p.getJsonObject("reservation").getString("id"), "Reservation")).toList();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM reservation WHERE status = 'ACTIVE' AND id = ANY(?)",
        (Object) ids.toArray(new Long[0]))).isEqualTo(100);
    assertThat(activeUnits(fixture.skus)).isEqualTo(100);
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
    assertThat(fixture.available(sku)).isZero();

    expireSoon(payloads);
    Eventually.until(Duration.ofSeconds(15), () -> activeUnits(fixture.skus) == 0);
    assertThat(fixture.available(sku)).isEqualTo(100);
    assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM reservation WHERE status = 'EXPIRED' AND id = ANY(?)",
        (Object) ids.toArray(new Long[0]))).isEqualTo(100);
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("multi-line reservations over overlapping SKUs are all or nothing and never oversell any SKU")
  void overlappingLines() throws Exception {
    var fixture = InventoryFixture.create(node.admin(), 1, 3, new JsonObject().put("reservationTtlDefaultSeconds", 120));
    String a = fixture.skus.get(0);
    String b = fixture.skus.get(1);
    String c = fixture.skus.get(2);
    String location = fixture.locationIds.get(0);
    for (String sku : fixture.skus) {
      fixture.receive(sku, location, 100);
    }

    // Buyers take the pairs (a,b), (b,c), (c,a) in turn.
    List<JsonObject> payloads = storm(i -> {
      JsonArray pair = switch (i % 3) {
        case 0 -> lines(a, 1, b, 1);
        case 1 -> lines(b, 1, c, 1);
        default -> lines(c, 1, a, 1);
      };
      return fixture.reserveInput(pair).put("locationId", location);
    });

    long made = succeeded(payloads);
    assertThat(refusedWith(payloads, "OUT_OF_STOCK")).isEqualTo(BUYERS - made);
    for (JsonObject payload : payloads) {
      if (payload.getJsonObject("reservation") != null) {
        assertThat(payload.getJsonObject("reservation").getJsonArray("lines")).hasSize(2);
      }
    }
    // All or nothing: every unit reserved belongs to a whole pair; no SKU beyond its 100.
    assertThat(activeUnits(fixture.skus)).isEqualTo(2 * made);
    long soldOut = 0;
    for (String sku : fixture.skus) {
      long units = activeUnits(List.of(sku));
      assertThat(units).isLessThanOrEqualTo(100);
      soldOut += units == 100 ? 1 : 0;
    }
    // Requests of every pair kept coming after the stock ran low, so no pair is still possible.
    assertThat(soldOut).isGreaterThanOrEqualTo(2);
    assertThat(made).isBetween(100L, 150L);
    assertThat(fixture.audit().getBoolean("clean")).isTrue();

    expireSoon(payloads);
    Eventually.until(Duration.ofSeconds(15), () -> activeUnits(fixture.skus) == 0);
    assertThat(fixture.available(a) + fixture.available(b) + fixture.available(c)).isEqualTo(300);
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }
}
