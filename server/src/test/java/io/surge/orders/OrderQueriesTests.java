package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.Eventually;
import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.StatementWatch;
import io.surge.support.SubscriptionClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Orders: lists without N+1, tracking, channel access, live status")
class OrderQueriesTests {
  private static final int ORDERS = 105;
  private static final String PAGE = """
      query($first: Int!, $filter: OrderFilter) { orders(first: $first, filter: $filter) { totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { number status customer { email name }
          lines { sku quantityOrdered quantityShipped total { amount } }
          fulfillmentOrders { status lines { lineNo quantity quantityRemaining } }
          shipments { trackingNumber status lines { sku quantity } } } } } }""";

  private static InventoryFixture inventory;
  private static OrderFixture orders;
  private static final List<JsonObject> placed = new ArrayList<>();

  @BeforeAll
  static void manyOrders() {
    inventory = InventoryFixture.create(TestNode.shared().admin(), 1, 2);
    orders = new OrderFixture(inventory);
    String location = inventory.locationIds.get(0);
    inventory.skus.forEach(sku -> inventory.receive(sku, location, 1_000));
    for (int i = 0; i < ORDERS; i++) {
      placed.add(orders.placed(orders.input("buyer" + i + "@example.com")
          .put("lines", InventoryFixture.lines(inventory.skus.get(0), 1, inventory.skus.get(1), 2))));
    }
    // Some shipped, so pages carry shipments too.
    for (int i = 0; i < ORDERS; i += 5) {
      String fo = placed.get(i).getJsonArray("fulfillmentOrders").getJsonObject(0).getString("id");
      assertThat(orders.ship(fo, "TRACK-" + i).getJsonArray("userErrors")).isEmpty();
    }
  }

  private static JsonObject channelFilter() {
    return new JsonObject().put("channelId", inventory.channelId);
  }

  @Test
  @DisplayName("a page of 100 orders with lines, customer, fulfilment orders and shipments takes 5 statements, as does a page of 10")
  void pageWithoutNPlusOne() {
    StatementWatch statements = TestNode.shared().statements();
    var hundred = statements.during(() -> inventory.admin.query(PAGE, Map.of("first", 100, "filter", channelFilter())))
        .excluding(StatementWatch.AUTHENTICATION);
    assertThat(hundred.result().errors()).isNull();
    JsonObject page = hundred.result().data().getJsonObject("orders");
    assertThat(page.getJsonArray("edges")).hasSize(100);
    assertThat(page.getInteger("totalCount")).isEqualTo(ORDERS);
    assertThat(page.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();
    long shipmentsOnPage = page.getJsonArray("edges").stream()
        .mapToLong(edge -> ((JsonObject) edge).getJsonObject("node").getJsonArray("shipments").size()).sum();
    assertThat(shipmentsOnPage).isGreaterThan(0);
    // The page, its count, then one batch each for lines, fulfilment orders and shipments.
    assertThat(hundred.count()).as(hundred.toString()).isEqualTo(5);

    var ten = statements.during(() -> inventory.admin.query(PAGE, Map.of("first", 10, "filter", channelFilter())))
        .excluding(StatementWatch.AUTHENTICATION);
    assertThat(ten.result().data().getJsonObject("orders").getJsonArray("edges")).hasSize(10);
    assertThat(ten.count()).as(ten.toString()).isEqualTo(hundred.count());
  }

  @Test
  @DisplayName("the next page follows the cursor with no order twice and none skipped")
  void cursorPaging() {
    JsonObject first = inventory.admin.query(PAGE, Map.of("first", 100, "filter", channelFilter())).data()
        .getJsonObject("orders");
    String cursor = first.getJsonObject("pageInfo").getString("endCursor");
    JsonObject second = inventory.admin.query(PAGE.replace("orders(first: $first, filter: $filter)",
            "orders(first: $first, filter: $filter, after: \"" + cursor + "\")"),
        Map.of("first", 100, "filter", channelFilter())).data().getJsonObject("orders");
    List<String> numbers = new ArrayList<>();
    for (JsonObject page : List.of(first, second)) {
      page.getJsonArray("edges").forEach(edge -> numbers.add(((JsonObject) edge).getJsonObject("node").getString("number")));
    }
    assertThat(numbers).hasSize(ORDERS).doesNotHaveDuplicates();
    assertThat(second.getJsonObject("pageInfo").getBoolean("hasNextPage")).isFalse();
  }

  @Test
  @DisplayName("filters: status, customer e-mail, SKU and location")
  void filters() {
    JsonObject shipped = inventory.admin.query(PAGE, Map.of("first", 100, "filter",
        channelFilter().put("status", new JsonArray().add("SHIPPED")))).data().getJsonObject("orders");
    assertThat(shipped.getInteger("totalCount")).isEqualTo((ORDERS + 4) / 5);
    JsonObject byEmail = inventory.admin.query(PAGE, Map.of("first", 10, "filter",
        channelFilter().put("customerEmail", "BUYER7@example.com"))).data().getJsonObject("orders");
    assertThat(byEmail.getInteger("totalCount")).isEqualTo(1);
    JsonObject bySku = inventory.admin.query(PAGE, Map.of("first", 10, "filter",
        new JsonObject().put("sku", inventory.skus.get(1)))).data().getJsonObject("orders");
    assertThat(bySku.getInteger("totalCount")).isEqualTo(ORDERS);
    JsonObject byLocation = inventory.admin.query(PAGE, Map.of("first", 10, "filter",
        new JsonObject().put("locationId", inventory.locationIds.get(0)))).data().getJsonObject("orders");
    assertThat(byLocation.getInteger("totalCount")).isEqualTo(ORDERS);
  }

  @Test
  @DisplayName("trackOrder shows status and shipments for the right e-mail, and nothing for a wrong one")
  void tracking() {
    JsonObject order = placed.get(0);
    String query = "query($n: String!, $e: String!) { trackOrder(number: $n, email: $e) { number status"
        + " timeline { status at } shipments { carrier trackingNumber status items { sku quantity } } } }";
    GraphQLClient anonymous = TestNode.shared().anonymous();
    var tracked = anonymous.query(query, Map.of("n", order.getString("number"), "e", "BUYER0@example.com"));
    assertThat(tracked.errors()).isNull();
    JsonObject tracking = tracked.data().getJsonObject("trackOrder");
    assertThat(tracking.getString("status")).isEqualTo("SHIPPED");
    assertThat(tracking.getJsonArray("shipments").getJsonObject(0).getString("trackingNumber")).isEqualTo("TRACK-0");
    assertThat(tracking.getJsonArray("timeline")).hasSize(2);

    var wrongEmail = anonymous.query(query, Map.of("n", order.getString("number"), "e", "someone@example.com"));
    var unknownNumber = anonymous.query(query, Map.of("n", "999999999", "e", "buyer0@example.com"));
    assertThat(wrongEmail.errors()).isNull();
    assertThat(wrongEmail.data().getValue("trackOrder")).isNull();
    assertThat(wrongEmail.body()).isEqualTo(unknownNumber.body());
    // The customer-facing shape has no prices, addresses or staff fields at all.
    var prices = anonymous.query("query { trackOrder(number: \"1\", email: \"a@b.c\") { total { amount } } }");
    assertThat(prices.errorCode()).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("a CHANNEL key places and sees only its own channel's orders")
  void channelKeys() {
    InventoryFixture other = InventoryFixture.create(inventory.admin, 1, 1);
    other.receive(other.skus.get(0), other.locationIds.get(0), 10);
    JsonObject foreign = new OrderFixture(other).placed(new OrderFixture(other).input("other@example.com")
        .put("lines", InventoryFixture.lines(other.skus.get(0), 1)));

    GraphQLClient channelKey = inventory.storefront();
    OrderFixture mine = orders.as(channelKey);
    // A CHANNEL key needs no channelId: it places on its own channel.
    JsonObject ownInput = orders.input("mine@example.com").put("lines", InventoryFixture.lines(inventory.skus.get(0), 1));
    ownInput.remove("channelId");
    JsonObject own = mine.placed(ownInput);
    assertThat(own.getJsonObject("channel").getString("id")).isEqualTo(inventory.channelId);

    JsonObject onOther = mine.place(orders.input("x@example.com").put("channelId", other.channelId)
        .put("lines", InventoryFixture.lines(other.skus.get(0), 1)));
    assertThat(onOther.getValue("order")).isNull();
    assertThat(onOther.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("NOT_FOUND");

    var byId = channelKey.query("query($id: ID!) { order(id: $id) { id } }", Map.of("id", foreign.getString("id")));
    assertThat(byId.data().getValue("order")).isNull();
    var node = channelKey.query("query($id: ID!) { node(id: $id) { id } }", Map.of("id", foreign.getString("id")));
    assertThat(node.data().getValue("node")).isNull();
    JsonObject list = channelKey.query("query { orders(first: 100) { totalCount edges { node { channel { id } } } } }")
        .data().getJsonObject("orders");
    assertThat(list.getJsonArray("edges").stream()
        .map(edge -> ((JsonObject) edge).getJsonObject("node").getJsonObject("channel").getString("id")))
        .containsOnly(inventory.channelId);
    var asked = channelKey.query("query($c: ID!) { orders(first: 5, filter: {channelId: $c}) { totalCount } }",
        Map.of("c", other.channelId));
    assertThat(asked.data().getJsonObject("orders").getInteger("totalCount")).isZero();
    var staffOnly = channelKey.query("mutation($input: CancelOrderInput!) { cancelOrder(input: $input) { userErrors { code } } }",
        Map.of("input", new JsonObject().put("orderId", own.getString("id"))));
    assertThat(staffOnly.errorCode()).isEqualTo("FORBIDDEN");
  }

  @Test
  @DisplayName("orderStatusChanged streams an order's status changes")
  void liveStatus() {
    JsonObject order = orders.placed(orders.input("live@example.com").put("paid", false)
        .put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));
    String adminKey = TestNode.shared().node().config().adminKey().orElseThrow();
    try (var subscription = SubscriptionClient.open(TestNode.shared().node().port(), adminKey,
        "subscription { orderStatusChanged(orderId: \"" + order.getString("id") + "\") { orderId number from to } }")) {
      Eventually.until(Duration.ofSeconds(10), () -> subscription.types().contains("connection_ack"));
      // The subscription registers a moment after the ack: hold and release until a change arrives.
      Eventually.until(Duration.ofSeconds(15), () -> {
        orders.mutate("holdOrder", "HoldOrderInput", new JsonObject().put("orderId", order.getString("id"))
            .put("reason", "check"));
        orders.mutate("releaseOrderHold", "ReleaseOrderHoldInput", new JsonObject().put("orderId", order.getString("id")));
        return subscription.types().contains("next");
      });
      JsonObject change = subscription.messages().stream().filter(m -> "next".equals(m.getString("type")))
          .findFirst().orElseThrow().getJsonObject("payload").getJsonObject("data").getJsonObject("orderStatusChanged");
      assertThat(change.getString("orderId")).isEqualTo(order.getString("id"));
      assertThat(change.getString("number")).isEqualTo(order.getString("number"));
      assertThat(List.of(change.getString("from"), change.getString("to"))).contains("ON_HOLD");
    }
  }
}
