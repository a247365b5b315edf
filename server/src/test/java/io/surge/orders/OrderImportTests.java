package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.CatalogMother;
import io.surge.support.Db;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Orders: bulk import")
class OrderImportTests {
  static final String IMPORT = """
      mutation($input: ImportOrdersInput!) { importOrders(input: $input) {
        placed failed duplicates userErrors { field code message }
        results { index externalReference outcome existingOrderId order { id number status source }
                  userErrors { field code message } } } }""";

  private InventoryFixture inventory;
  private OrderFixture orders;
  private String sku;
  private String location;

  @BeforeEach
  void world() {
    inventory = InventoryFixture.create(TestNode.shared().admin(), 1, 1);
    orders = new OrderFixture(inventory);
    sku = inventory.skus.get(0);
    location = inventory.locationIds.get(0);
    inventory.receive(sku, location, 10);
  }

  /** An ImportOrderInput for {@code quantity} units of {@code variantSku}, paid, shipped to Leipzig. */
  static JsonObject order(String reference, String variantSku, int quantity) {
    return new JsonObject().put("externalReference", reference)
        .put("lines", InventoryFixture.lines(variantSku, quantity))
        .put("customer", new JsonObject().put("email", "import@example.com").put("name", "Ima Port"))
        .put("shippingAddress", new JsonObject().put("line1", "Hauptstr. 1").put("city", "Leipzig")
            .put("postalCode", "04109").put("countryCode", "DE"))
        .put("paid", true);
  }

  private JsonObject importOrders(JsonArray list, String policy) {
    var response = inventory.admin.query(IMPORT, Map.of("input", new JsonObject().put("channelId", inventory.channelId)
        .put("orders", list).put("errorPolicy", policy)));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("importOrders");
  }

  /** Three good orders (2 units each) and, at index 2, one for a SKU nobody sells. */
  private JsonArray threeGoodOneBad(String prefix) {
    return new JsonArray()
        .add(order(prefix + "-1", sku, 2))
        .add(order(prefix + "-2", sku, 2))
        .add(order(prefix + "-bad", "NO-SUCH-" + prefix, 1))
        .add(order(prefix + "-3", sku, 2));
  }

  @Test
  @DisplayName("SKIP_INVALID places the good orders (source IMPORT, stock allocated) and reports the bad one")
  void skipInvalid() {
    String prefix = CatalogMother.unique("IMP");
    JsonObject report = importOrders(threeGoodOneBad(prefix), "SKIP_INVALID");
    assertThat(report.getInteger("placed")).isEqualTo(3);
    assertThat(report.getInteger("failed")).isEqualTo(1);
    assertThat(report.getInteger("duplicates")).isZero();
    JsonArray results = report.getJsonArray("results");
    assertThat(outcomes(results)).containsExactly("PLACED", "PLACED", "FAILED", "PLACED");
    JsonObject bad = results.getJsonObject(2);
    assertThat(bad.getInteger("index")).isEqualTo(2);
    assertThat(bad.getString("externalReference")).isEqualTo(prefix + "-bad");
    assertThat(bad.getValue("order")).isNull();
    JsonObject error = bad.getJsonArray("userErrors").getJsonObject(0);
    assertThat(error.getString("code")).isEqualTo("NOT_FOUND");
    assertThat(error.getJsonArray("field").getList()).containsExactly("input", "orders", "2", "lines", "0", "sku");
    JsonObject placed = results.getJsonObject(0).getJsonObject("order");
    assertThat(placed.getString("source")).isEqualTo("IMPORT");
    assertThat(placed.getString("status")).isEqualTo("CONFIRMED");
    assertThat(levelOf()).containsExactly(10, 6, 0, 4);
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("REJECT_ALL checks every order first: one bad order and nothing is placed, stock untouched")
  void rejectAllBeforePlacing() {
    String prefix = CatalogMother.unique("IMP");
    JsonObject report = importOrders(threeGoodOneBad(prefix), "REJECT_ALL");
    assertThat(report.getInteger("placed")).isZero();
    assertThat(report.getInteger("failed")).isEqualTo(4);
    JsonArray results = report.getJsonArray("results");
    assertThat(codes(results)).containsExactly("REJECTED", "REJECTED", "NOT_FOUND", "REJECTED");
    results.forEach(result -> assertThat(((JsonObject) result).getValue("order")).isNull());
    assertThat(levelOf()).containsExactly(10, 0, 0, 10);
    assertThat(ordersWithPrefix(prefix)).isZero();
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("REJECT_ALL when stock runs out while placing: the placed orders are cancelled, stock is back, the file can be imported again")
  void rejectAllRollsBack() {
    String prefix = CatalogMother.unique("IMP");
    // Each order passes the check alone (3 <= 10 available); together they want 12.
    JsonArray four = new JsonArray();
    for (int i = 1; i <= 4; i++) {
      four.add(order(prefix + "-" + i, sku, 3));
    }
    JsonObject report = importOrders(four, "REJECT_ALL");
    assertThat(report.getInteger("placed")).as(report.encode()).isZero();
    assertThat(report.getInteger("failed")).isEqualTo(4);
    JsonArray results = report.getJsonArray("results");
    assertThat(codes(results)).containsExactlyInAnyOrder("REJECTED", "REJECTED", "REJECTED", "OUT_OF_STOCK");
    List<String> cancelled = new ArrayList<>();
    results.forEach(item -> {
      JsonObject order = ((JsonObject) item).getJsonObject("order");
      if (order != null) {
        assertThat(order.getString("status")).isEqualTo("CANCELLED");
        cancelled.add(order.getString("id"));
      }
    });
    assertThat(cancelled).hasSize(3);
    assertThat(levelOf()).containsExactly(10, 0, 0, 10);
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
    assertThat(ordersWithPrefix(prefix)).as("references released").isZero();
    assertThat(orders.order(cancelled.get(0)).getJsonArray("history").getJsonObject(1).getString("reason"))
        .contains("import rolled back");

    JsonObject again = importOrders(new JsonArray(four.getList().subList(0, 3)), "REJECT_ALL");
    assertThat(again.getInteger("placed")).as(again.encode()).isEqualTo(3);
    assertThat(levelOf()).containsExactly(10, 9, 0, 1);
  }

  @Test
  @DisplayName("importing the same orders again reports DUPLICATE with the existing order, under either policy")
  void reimportIsIdempotent() {
    String prefix = CatalogMother.unique("IMP");
    JsonArray two = new JsonArray().add(order(prefix + "-1", sku, 1)).add(order(prefix + "-2", sku, 1));
    JsonObject first = importOrders(two, "SKIP_INVALID");
    assertThat(first.getInteger("placed")).isEqualTo(2);

    JsonObject skip = importOrders(two, "SKIP_INVALID");
    assertThat(skip.getInteger("placed")).isZero();
    assertThat(skip.getInteger("duplicates")).isEqualTo(2);
    assertThat(skip.getInteger("failed")).isZero();
    for (int i = 0; i < 2; i++) {
      JsonObject result = skip.getJsonArray("results").getJsonObject(i);
      assertThat(result.getString("outcome")).isEqualTo("DUPLICATE");
      assertThat(result.getString("existingOrderId"))
          .isEqualTo(first.getJsonArray("results").getJsonObject(i).getJsonObject("order").getString("id"));
      assertThat(result.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("DUPLICATE");
    }

    JsonObject reject = importOrders(two.copy().add(order(prefix + "-3", sku, 1)), "REJECT_ALL");
    assertThat(reject.getInteger("duplicates")).isEqualTo(2);
    assertThat(reject.getInteger("placed")).as("a duplicate is no refusal").isEqualTo(1);
    assertThat(levelOf()).containsExactly(10, 3, 0, 7);
  }

  @Test
  @DisplayName("a reference given twice in one import: the second fails as INVALID")
  void referenceTwiceInOneImport() {
    String reference = CatalogMother.unique("IMP");
    JsonObject report = importOrders(new JsonArray().add(order(reference, sku, 1)).add(order(reference, sku, 1)),
        "SKIP_INVALID");
    assertThat(outcomes(report.getJsonArray("results"))).containsExactly("PLACED", "FAILED");
    assertThat(codes(report.getJsonArray("results")).get(1)).isEqualTo("INVALID");
    assertThat(levelOf()).containsExactly(10, 1, 0, 9);
  }

  @Test
  @DisplayName("1,000 orders in one request are all placed, within the request limits")
  void aThousand() {
    String prefix = CatalogMother.unique("IMP");
    inventory.receive(sku, location, 990);
    JsonArray thousand = new JsonArray();
    for (int i = 0; i < 1_000; i++) {
      thousand.add(order(prefix + "-" + i, sku, 1));
    }
    JsonObject report = importOrders(thousand, "SKIP_INVALID");
    assertThat(report.getInteger("placed")).as(report.getJsonArray("results").getJsonObject(0).encode())
        .isEqualTo(1_000);
    assertThat(levelOf()).containsExactly(1_000, 1_000, 0, 0);
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("more than 1,000 orders is BAD_USER_INPUT, and nothing is placed")
  void tooMany() {
    String prefix = CatalogMother.unique("IMP");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 1_001; i++) {
      many.add(new JsonObject().put("externalReference", prefix + "-" + i).put("lines", InventoryFixture.lines(sku, 1))
          .put("customer", new JsonObject().put("email", "many@example.com")).put("pickupLocationId", location));
    }
    var response = inventory.admin.query(IMPORT, Map.of("input", new JsonObject().put("channelId", inventory.channelId)
        .put("orders", many)));
    assertThat(response.errorCode()).as(response.body().encode()).isEqualTo("BAD_USER_INPUT");
    assertThat(response.firstErrorMessage()).contains("1000");
    assertThat(levelOf()).containsExactly(10, 0, 0, 10);
  }

  @Test
  @DisplayName("an unknown channel refuses the whole import")
  void unknownChannel() {
    var response = inventory.admin.query(IMPORT, Map.of("input", new JsonObject()
        .put("channelId", io.surge.graphql.GlobalId.encode("Channel", 999_999_999))
        .put("orders", new JsonArray().add(order(CatalogMother.unique("IMP"), sku, 1)))));
    JsonObject report = response.data().getJsonObject("importOrders");
    assertThat(report.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("NOT_FOUND");
    assertThat(report.getInteger("failed")).isEqualTo(1);
  }

  private List<Integer> levelOf() {
    JsonObject level = orders.level(sku, location);
    return List.of(level.getInteger("onHand"), level.getInteger("allocated"), level.getInteger("reserved"),
        level.getInteger("available"));
  }

  private static long ordersWithPrefix(String prefix) {
    return Db.count(TestNode.shared().pgUrl(), "SELECT count(*) FROM sales_order WHERE external_reference LIKE ?",
        prefix + "-%");
  }

  private static List<String> outcomes(JsonArray results) {
    List<String> outcomes = new ArrayList<>();
    results.forEach(result -> outcomes.add(((JsonObject) result).getString("outcome")));
    return outcomes;
  }

  /** Each result's first user error code, or "" when it has none. */
  private static List<String> codes(JsonArray results) {
    List<String> codes = new ArrayList<>();
    results.forEach(result -> {
      JsonArray errors = ((JsonObject) result).getJsonArray("userErrors");
      codes.add(errors.isEmpty() ? "" : errors.getJsonObject(0).getString("code"));
    });
    return codes;
  }
}
