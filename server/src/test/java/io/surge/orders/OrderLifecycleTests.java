package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.CatalogMother;
import io.surge.support.Db;
import io.surge.support.Eventually;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Orders: from reservation to delivery")
class OrderLifecycleTests {
  private InventoryFixture inventory;
  private OrderFixture orders;
  private String sku;
  private String near;
  private String far;

  @BeforeEach
  void world() {
    // Two locations: the fixture puts location i at (50 + i, 10 + i); the customer is near the first.
    inventory = InventoryFixture.create(TestNode.shared().admin(), 2, 2);
    orders = new OrderFixture(inventory);
    sku = inventory.skus.get(0);
    near = inventory.locationIds.get(0);
    far = inventory.locationIds.get(1);
    inventory.receive(sku, near, 10);
  }

  private JsonObject nearDestination(JsonObject input) {
    return input.put("destination", new JsonObject().put("latitude", 50.1).put("longitude", 10.1));
  }

  @Test
  @DisplayName("reserve, place, ship part, ship the rest, deliver: counters and ledger follow every step")
  void reserveToDelivery() {
    JsonObject reservation = inventory.reserve(inventory.reserveInput(InventoryFixture.lines(sku, 3)))
        .getJsonObject("reservation");
    assertThat(orders.level(sku, near).getInteger("reserved")).isEqualTo(3);

    JsonObject order = orders.placed(nearDestination(orders.input("ada@example.com")
        .put("reservationId", reservation.getString("id"))));
    assertThat(order.getString("status")).isEqualTo("CONFIRMED");
    assertThat(order.getString("paymentStatus")).isEqualTo("PAID");
    JsonObject line = order.getJsonArray("lines").getJsonObject(0);
    assertThat(line.getInteger("quantityOrdered")).isEqualTo(3);
    assertThat(line.getInteger("quantityAllocated")).isEqualTo(3);
    assertThat(line.getJsonObject("unitPrice").getString("amount")).isEqualTo("19.99");
    assertThat(order.getJsonObject("subtotal").getString("amount")).isEqualTo("59.97");
    assertThat(levelOf(near)).containsExactly(10, 3, 0, 7);
    assertThat(kinds().subList(0, 2)).containsExactlyInAnyOrder("ALLOCATE", "CONVERT");
    assertThat(kinds().get(2)).isEqualTo("RESERVE");
    assertThat(reservationStatus(reservation.getString("id"))).isEqualTo("CONVERTED");
    assertThat(inventory.audit().getBoolean("clean")).isTrue();

    JsonArray fulfillment = order.getJsonArray("fulfillmentOrders");
    assertThat(fulfillment).hasSize(1);
    String fo = fulfillment.getJsonObject(0).getString("id");
    assertThat(fulfillment.getJsonObject(0).getJsonObject("location").getString("id")).isEqualTo(near);

    JsonObject first = orders.ship(fo, "TRACK-1", 1, 1);
    assertThat(first.getJsonArray("userErrors")).isEmpty();
    assertThat(first.getJsonObject("order").getString("status")).isEqualTo("PARTIALLY_SHIPPED");
    assertThat(levelOf(near)).containsExactly(9, 2, 0, 7);
    assertThat(kinds().get(0)).isEqualTo("SHIP");
    assertThat(inventory.audit().getBoolean("clean")).isTrue();

    JsonObject rest = orders.ship(fo, "TRACK-2");
    assertThat(rest.getJsonArray("userErrors")).isEmpty();
    JsonObject shipped = rest.getJsonObject("order");
    assertThat(shipped.getString("status")).isEqualTo("SHIPPED");
    assertThat(shipped.getJsonArray("fulfillmentOrders").getJsonObject(0).getString("status")).isEqualTo("SHIPPED");
    assertThat(shipped.getJsonArray("lines").getJsonObject(0).getInteger("quantityShipped")).isEqualTo(3);
    assertThat(shipped.getJsonArray("lines").getJsonObject(0).getInteger("quantityAllocated")).isZero();
    assertThat(levelOf(near)).containsExactly(7, 0, 0, 7);
    assertThat(inventory.audit().getBoolean("clean")).isTrue();

    List<String> shipments = new ArrayList<>();
    shipped.getJsonArray("shipments").forEach(s -> shipments.add(((JsonObject) s).getString("id")));
    assertThat(shipments).hasSize(2);
    JsonObject afterOne = orders.deliver(shipments.get(0));
    assertThat(afterOne.getJsonObject("shipment").getString("status")).isEqualTo("DELIVERED");
    assertThat(afterOne.getJsonObject("order").getString("status")).isEqualTo("SHIPPED");
    JsonObject delivered = orders.deliver(shipments.get(1)).getJsonObject("order");
    assertThat(delivered.getString("status")).isEqualTo("DELIVERED");
    assertThat(delivered.getJsonArray("lines").getJsonObject(0).getInteger("quantityDelivered")).isEqualTo(3);
    assertThat(orders.deliver(shipments.get(1)).getJsonArray("userErrors").getJsonObject(0).getString("code"))
        .isEqualTo("INVALID_STATE");

    JsonObject completed = orders.mutate("transitionOrder", "TransitionOrderInput",
        new JsonObject().put("orderId", order.getString("id")).put("to", "COMPLETED")).getJsonObject("order");
    assertThat(completed.getString("status")).isEqualTo("COMPLETED");
    assertThat(statuses(completed.getJsonArray("history")))
        .containsExactly("CONFIRMED", "PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "COMPLETED");
  }

  @Test
  @DisplayName("an order from lines reserves and allocates in one step, split over two locations when it must be")
  void splitAcrossLocations() {
    String other = inventory.skus.get(1);
    inventory.receive(other, far, 5);
    JsonObject order = orders.placed(nearDestination(orders.input("split@example.com")
        .put("lines", InventoryFixture.lines(sku, 2, other, 1))));
    assertThat(order.getJsonArray("fulfillmentOrders")).hasSize(2);
    JsonObject routing = order.getJsonObject("routing");
    assertThat(routing.getBoolean("routed")).isTrue();
    assertThat(String.join(" ", routing.getJsonArray("reasons").getList())).containsIgnoringCase("split");
    assertThat(levelOf(near)).containsExactly(10, 2, 0, 8);
    assertThat(orders.level(other, far).getInteger("allocated")).isEqualTo(1);
    assertThat(orders.level(other, far).getInteger("reserved")).isZero();
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("routing picks the nearest location that has everything and says why")
  void routingReasons() {
    inventory.receive(sku, far, 10);
    JsonObject order = orders.placed(orders.input("near@example.com").put("lines", InventoryFixture.lines(sku, 1))
        .put("destination", new JsonObject().put("latitude", 51.0).put("longitude", 11.0)));
    JsonObject routing = order.getJsonObject("routing");
    assertThat(routing.getJsonArray("allocations").getJsonObject(0).getJsonObject("location").getString("id"))
        .isEqualTo(far);
    assertThat(routing.getJsonArray("candidates")).hasSize(2);
    assertThat(routing.getJsonArray("reasons")).isNotEmpty();
    JsonObject best = routing.getJsonArray("candidates").getJsonObject(0);
    assertThat(best.getDouble("distanceKm")).isLessThan(1.0);
  }

  @Test
  @DisplayName("click and collect: the order is allocated at the pickup location")
  void clickAndCollect() {
    var store = inventory.admin.query("mutation($input: CreateLocationInput!) { createLocation(input: $input) { location { id } } }",
        CatalogMother.input(CatalogMother.location(CatalogMother.unique("STORE")).put("kind", "STORE").put("pickup", true)))
        .data().getJsonObject("createLocation").getJsonObject("location").getString("id");
    inventory.admin.query("mutation($input: UpdateChannelInput!) { updateChannel(input: $input) { userErrors { message } } }",
        Map.of("input", new JsonObject().put("id", inventory.channelId)
            .put("locationIds", new JsonArray().add(near).add(far).add(store))));
    inventory.receive(sku, store, 4);
    JsonObject order = orders.placed(orders.input("collect@example.com").putNull("shippingAddress")
        .put("pickupLocationId", store).put("lines", InventoryFixture.lines(sku, 2)));
    assertThat(order.getJsonObject("pickupLocation").getString("id")).isEqualTo(store);
    assertThat(order.getJsonArray("fulfillmentOrders").getJsonObject(0).getJsonObject("location").getString("id"))
        .isEqualTo(store);
    assertThat(orders.level(sku, store).getInteger("allocated")).isEqualTo(2);
    assertThat(levelOf(near)).containsExactly(10, 0, 0, 10);
  }

  @Test
  @DisplayName("cancelling part of a line, then the rest, gives the units back at once")
  void cancelPartThenAll() {
    JsonObject order = orders.placed(nearDestination(orders.input("cancel@example.com")
        .put("lines", InventoryFixture.lines(sku, 4))));
    JsonObject partly = orders.mutate("cancelOrder", "CancelOrderInput", new JsonObject()
        .put("orderId", order.getString("id")).put("reason", "customer changed mind")
        .put("lines", new JsonArray().add(new JsonObject().put("lineNo", 1).put("quantity", 1))));
    assertThat(partly.getJsonArray("userErrors")).isEmpty();
    JsonObject line = partly.getJsonObject("order").getJsonArray("lines").getJsonObject(0);
    assertThat(line.getInteger("quantityCancelled")).isEqualTo(1);
    assertThat(line.getInteger("quantityAllocated")).isEqualTo(3);
    assertThat(partly.getJsonObject("order").getString("status")).isEqualTo("CONFIRMED");
    assertThat(levelOf(near)).containsExactly(10, 3, 0, 7);

    JsonObject tooMany = orders.mutate("cancelOrder", "CancelOrderInput", new JsonObject()
        .put("orderId", order.getString("id"))
        .put("lines", new JsonArray().add(new JsonObject().put("lineNo", 1).put("quantity", 4))));
    assertThat(tooMany.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID");

    JsonObject all = orders.mutate("cancelOrder", "CancelOrderInput", new JsonObject().put("orderId", order.getString("id")));
    assertThat(all.getJsonObject("order").getString("status")).isEqualTo("CANCELLED");
    assertThat(all.getJsonObject("order").getJsonArray("fulfillmentOrders").getJsonObject(0).getString("status"))
        .isEqualTo("CANCELLED");
    assertThat(levelOf(near)).containsExactly(10, 0, 0, 10);
    assertThat(kinds().get(0)).isEqualTo("DEALLOCATE");
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
    JsonObject again = orders.mutate("cancelOrder", "CancelOrderInput", new JsonObject().put("orderId", order.getString("id")));
    assertThat(again.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID_STATE");
  }

  @Test
  @DisplayName("an order on hold cannot ship; released, it can")
  void holdAndRelease() {
    JsonObject order = orders.placed(nearDestination(orders.input("hold@example.com")
        .put("lines", InventoryFixture.lines(sku, 1))));
    String id = order.getString("id");
    JsonObject held = orders.mutate("holdOrder", "HoldOrderInput", new JsonObject().put("orderId", id)
        .put("reason", "fraud check"));
    assertThat(held.getJsonObject("order").getString("status")).isEqualTo("ON_HOLD");
    assertThat(held.getJsonObject("order").getString("holdReason")).isEqualTo("fraud check");
    String fo = held.getJsonObject("order").getJsonArray("fulfillmentOrders").getJsonObject(0).getString("id");
    assertThat(held.getJsonObject("order").getJsonArray("fulfillmentOrders").getJsonObject(0).getString("status"))
        .isEqualTo("ON_HOLD");
    assertThat(orders.ship(fo, "T").getJsonArray("userErrors").getJsonObject(0).getString("code"))
        .isEqualTo("INVALID_STATE");

    JsonObject released = orders.mutate("releaseOrderHold", "ReleaseOrderHoldInput", new JsonObject().put("orderId", id));
    assertThat(released.getJsonObject("order").getString("status")).isEqualTo("CONFIRMED");
    assertThat(released.getJsonObject("order").getJsonArray("fulfillmentOrders").getJsonObject(0).getString("status"))
        .isEqualTo("OPEN");
    assertThat(orders.ship(fo, "T").getJsonObject("order").getString("status")).isEqualTo("SHIPPED");
    assertThat(statuses(orders.order(id).getJsonArray("history")))
        .containsExactly("CONFIRMED", "ON_HOLD", "CONFIRMED", "SHIPPED");
  }

  @Test
  @DisplayName("an unpaid order past its time is cancelled and its stock comes back")
  void unpaidOrderExpires() {
    JsonObject order = orders.placed(nearDestination(orders.input("late@example.com").put("paid", false)
        .put("lines", InventoryFixture.lines(sku, 2))));
    assertThat(order.getString("status")).isEqualTo("PENDING");
    assertThat(order.getString("payBy")).isNotNull();
    assertThat(levelOf(near)).containsExactly(10, 2, 0, 8);
    String fo = order.getJsonArray("fulfillmentOrders").getJsonObject(0).getString("id");
    assertThat(orders.ship(fo, "T").getJsonArray("userErrors").getJsonObject(0).getString("message")).contains("not paid");

    long number = Long.parseLong(order.getString("number"));
    assertThat(Db.execute(TestNode.shared().pgUrl(),
        "UPDATE sales_order SET pay_by = now() - interval '1 second' WHERE number = ?", Long.toString(number)))
        .isEqualTo(1);
    Eventually.until(Duration.ofSeconds(15), () ->
        "CANCELLED".equals(orders.order(order.getString("id")).getString("status")));
    assertThat(levelOf(near)).containsExactly(10, 0, 0, 10);
    assertThat(orders.order(order.getString("id")).getJsonArray("history").getJsonObject(1).getString("reason"))
        .isEqualTo("unpaid order expired");
  }

  @Test
  @DisplayName("paying a pending order confirms it")
  void payingConfirms() {
    JsonObject order = orders.placed(nearDestination(orders.input("pay@example.com").put("paid", false)
        .put("lines", InventoryFixture.lines(sku, 1))));
    JsonObject paid = orders.mutate("markOrderPaid", "MarkOrderPaidInput", new JsonObject().put("orderId", order.getString("id")));
    assertThat(paid.getJsonObject("order").getString("status")).isEqualTo("CONFIRMED");
    assertThat(paid.getJsonObject("order").getString("paymentStatus")).isEqualTo("PAID");
    JsonObject twice = orders.mutate("markOrderPaid", "MarkOrderPaidInput", new JsonObject().put("orderId", order.getString("id")));
    assertThat(twice.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID_STATE");
  }

  @Test
  @DisplayName("a second order with the channel's external reference is refused with the first order's id")
  void duplicateExternalReference() {
    String reference = CatalogMother.unique("EXT");
    JsonObject first = orders.placed(nearDestination(orders.input("dup@example.com").put("externalReference", reference)
        .put("lines", InventoryFixture.lines(sku, 1))));
    JsonObject second = orders.place(nearDestination(orders.input("dup@example.com").put("externalReference", reference)
        .put("lines", InventoryFixture.lines(sku, 1))));
    assertThat(second.getValue("order")).isNull();
    assertThat(second.getString("existingOrderId")).isEqualTo(first.getString("id"));
    assertThat(second.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("DUPLICATE");
    assertThat(levelOf(near)).containsExactly(10, 1, 0, 9);
  }

  @Test
  @DisplayName("a transition the state machine does not allow is an INVALID_STATE user error")
  void invalidTransition() {
    JsonObject order = orders.placed(nearDestination(orders.input("bad@example.com").put("paid", false)
        .put("lines", InventoryFixture.lines(sku, 1))));
    JsonObject refused = orders.mutate("transitionOrder", "TransitionOrderInput",
        new JsonObject().put("orderId", order.getString("id")).put("to", "DELIVERED"));
    assertThat(refused.getValue("order")).isNull();
    assertThat(refused.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID_STATE");
    assertThat(orders.order(order.getString("id")).getString("status")).isEqualTo("PENDING");
  }

  @Test
  @DisplayName("an expired or converted reservation cannot be placed again")
  void reservationUsedOnce() {
    JsonObject reservation = inventory.reserve(inventory.reserveInput(InventoryFixture.lines(sku, 1)))
        .getJsonObject("reservation");
    orders.placed(orders.input("once@example.com").put("reservationId", reservation.getString("id")));
    JsonObject again = orders.place(orders.input("once@example.com").put("reservationId", reservation.getString("id")));
    assertThat(again.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID_STATE");
    assertThat(levelOf(near)).containsExactly(10, 1, 0, 9);
  }

  @Test
  @DisplayName("staff re-route a fulfilment order to another location with stock")
  void reroute() {
    inventory.receive(sku, far, 5);
    JsonObject order = orders.placed(nearDestination(orders.input("move@example.com")
        .put("lines", InventoryFixture.lines(sku, 2))));
    String fo = order.getJsonArray("fulfillmentOrders").getJsonObject(0).getString("id");
    JsonObject moved = orders.mutate("rerouteFulfillmentOrder", "RerouteFulfillmentOrderInput", new JsonObject()
        .put("fulfillmentOrderId", fo).put("locationId", far).put("reason", "near warehouse flooded"));
    assertThat(moved.getJsonArray("userErrors")).isEmpty();
    assertThat(levelOf(near)).containsExactly(10, 0, 0, 10);
    assertThat(orders.level(sku, far).getInteger("allocated")).isEqualTo(2);
    JsonArray fos = moved.getJsonObject("order").getJsonArray("fulfillmentOrders");
    assertThat(fos).hasSize(2);
    assertThat(String.join(" ", moved.getJsonObject("order").getJsonObject("routing").getJsonArray("reasons").getList()))
        .contains("near warehouse flooded");
    assertThat(inventory.audit().getBoolean("clean")).isTrue();
  }

  private List<Integer> levelOf(String location) {
    JsonObject level = orders.level(sku, location);
    return List.of(level.getInteger("onHand"), level.getInteger("allocated"), level.getInteger("reserved"),
        level.getInteger("available"));
  }

  private List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    orders.ledger(sku).forEach(edge -> kinds.add(((JsonObject) edge).getJsonObject("node").getString("kind")));
    return kinds;
  }

  private String reservationStatus(String id) {
    return inventory.admin.query("query($id: ID!) { reservation(id: $id) { status } }", Map.of("id", id))
        .data().getJsonObject("reservation").getString("status");
  }

  private static List<String> statuses(JsonArray history) {
    List<String> statuses = new ArrayList<>();
    history.forEach(entry -> statuses.add(((JsonObject) entry).getString("to")));
    return statuses;
  }
}
