package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.orders.persistence.PgOrderDirectory;
import io.surge.support.CatalogMother;
import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Orders follow the settings of locations, channels and customers")
class OrderSettingsTests {
  private static final String SET_TIER = "mutation($input: SetCustomerTierInput!) { setCustomerTier(input: $input) {"
      + " customer { tier } userErrors { field message } } }";
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  private static JsonObject towardsFirstLocation(JsonObject input) {
    // The fixture puts location i at (50 + i, 10 + i): this destination is ~13 km from the first.
    return input.put("destination", new JsonObject().put("latitude", 50.1).put("longitude", 10.1));
  }

  private static String allocatedAt(JsonObject order) {
    return order.getJsonObject("routing").getJsonArray("allocations").getJsonObject(0).getJsonObject("location")
        .getString("id");
  }

  private static void setTier(String email, String tier) {
    var payload = admin.query(SET_TIER, Map.of("input", new JsonObject().put("email", email).put("tier", tier)))
        .data().getJsonObject("setCustomerTier");
    assertThat(payload.getJsonArray("userErrors")).isEmpty();
  }

  @Test
  @DisplayName("a location whose daily capacity is used up loses the next order to one further away")
  void capacityFull() throws InterruptedException {
    InventoryFixture inventory = InventoryFixture.create(admin, 2, 1);
    OrderFixture orders = new OrderFixture(inventory);
    String sku = inventory.skus.get(0);
    String near = inventory.locationIds.get(0);
    String far = inventory.locationIds.get(1);
    var capacity = admin.query("mutation($input: UpdateLocationInput!) { updateLocation(input: $input) {"
        + " location { dailyCapacity } userErrors { message } } }",
        CatalogMother.input(new JsonObject().put("id", near).put("dailyCapacity", 1)));
    assertThat(capacity.data().getJsonObject("updateLocation").getJsonObject("location").getInteger("dailyCapacity"))
        .isEqualTo(1);
    inventory.receive(sku, near, 5);
    inventory.receive(sku, far, 5);

    JsonObject first = orders.placed(towardsFirstLocation(orders.input("cap1@example.com")
        .put("lines", InventoryFixture.lines(sku, 1))));
    assertThat(allocatedAt(first)).isEqualTo(near);

    // Placement counts today's fulfilment orders through a cache; once it has expired, every count
    // read includes the first order (deterministic: no count read before that order is still kept).
    Thread.sleep(PgOrderDirectory.SHORT.plusMillis(500).toMillis());

    JsonObject second = orders.placed(towardsFirstLocation(orders.input("cap2@example.com")
        .put("lines", InventoryFixture.lines(sku, 1))));
    assertThat(allocatedAt(second)).isEqualTo(far);
    JsonObject nearCandidate = second.getJsonObject("routing").getJsonArray("candidates").stream()
        .map(JsonObject.class::cast)
        .filter(candidate -> candidate.getJsonObject("location").getString("id").equals(near))
        .findFirst().orElseThrow();
    assertThat(nearCandidate.getString("reason")).contains("capacity full (1 of 1 orders today)");
    assertThat(orders.level(sku, near).getInteger("allocated")).isEqualTo(1);
    assertThat(orders.level(sku, far).getInteger("allocated")).isEqualTo(1);
  }

  @Test
  @DisplayName("a VIP's order ranks above a STANDARD customer's identical order, by the channel's tier weight")
  void vipPriority() {
    InventoryFixture inventory = InventoryFixture.create(admin, 1, 1,
        new JsonObject().put("priorityWeights", new JsonObject().put("tier", 2.0)));
    inventory.receive(inventory.skus.get(0), inventory.locationIds.get(0), 10);
    OrderFixture orders = new OrderFixture(inventory);
    String vip = CatalogMother.unique("vip") + "@example.com";
    String standard = CatalogMother.unique("standard") + "@example.com";

    // The first order caches the customer's tier as STANDARD; setting the tier forgets it on this node.
    JsonObject before = orders.placed(orders.input(vip).put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));
    setTier(vip, "VIP");
    JsonObject vipOrder = orders.placed(orders.input(vip).put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));
    JsonObject standardOrder = orders.placed(orders.input(standard)
        .put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));

    assertThat(vipOrder.getJsonObject("customer").getString("tier")).isEqualTo("VIP");
    assertThat(vipOrder.getString("priorityExplanation")).contains("(VIP)");
    assertThat(vipOrder.getDouble("priority")).isGreaterThan(standardOrder.getDouble("priority"));
    // VIP is three tiers above STANDARD, each worth the channel's tier weight of 2.
    assertThat(vipOrder.getDouble("priority") - standardOrder.getDouble("priority"))
        .isCloseTo(6.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(before.getDouble("priority")).isEqualTo(standardOrder.getDouble("priority"));
  }

  @Test
  @DisplayName("an unpaid order must be paid within the channel's unpaid-order time")
  void unpaidOrderTime() {
    InventoryFixture inventory = InventoryFixture.create(admin, 1, 1,
        new JsonObject().put("unpaidOrderTtlMinutes", 7));
    inventory.receive(inventory.skus.get(0), inventory.locationIds.get(0), 1);
    OrderFixture orders = new OrderFixture(inventory);
    Instant asked = Instant.now();
    JsonObject order = orders.placed(orders.input("unpaid@example.com").put("paid", false)
        .put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));
    assertThat(order.getString("status")).isEqualTo("PENDING");
    Instant payBy = Instant.parse(order.getString("payBy"));
    assertThat(payBy).isBetween(asked.plus(Duration.ofMinutes(7)), Instant.now().plus(Duration.ofMinutes(7)));
  }
}
