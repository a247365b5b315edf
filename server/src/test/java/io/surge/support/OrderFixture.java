package io.surge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Orders over the API for tests: placing, reading with every part, and the lifecycle mutations. */
public final class OrderFixture {
  public static final String ORDER_FIELDS = """
      id number status paymentStatus payBy holdReason source externalReference priority priorityExplanation
      customer { email name tier } channel { id }
      subtotal { amount currencyCode } discounts { amount } shipping { amount } tax { amount } total { amount }
      pickupLocation { id }
      lines { lineNo sku quantityOrdered quantityAllocated quantityShipped quantityDelivered quantityCancelled
              unitPrice { amount } tax { amount } total { amount } }
      fulfillmentOrders { id status location { id } lines { lineNo quantity quantityShipped quantityCancelled quantityRemaining } }
      shipments { id status trackingNumber location { id } lines { lineNo quantity } }
      history { from to actor reason }
      routing { routed reasons allocations { lineNo quantity location { id } }
                candidates { location { id } score distanceKm reason } }""";

  public static final String PLACE = "mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {"
      + " order { " + ORDER_FIELDS + " } existingOrderId userErrors { field code message } } }";

  private final InventoryFixture inventory;
  private final GraphQLClient client;

  public OrderFixture(InventoryFixture inventory) {
    this(inventory, inventory.admin);
  }

  public OrderFixture(InventoryFixture inventory, GraphQLClient client) {
    this.inventory = inventory;
    this.client = client;
  }

  public OrderFixture as(GraphQLClient other) {
    return new OrderFixture(inventory, other);
  }

  /** A placeOrder input for the fixture's channel with a customer and a German address. */
  public JsonObject input(String email) {
    return new JsonObject().put("channelId", inventory.channelId)
        .put("customer", new JsonObject().put("email", email).put("name", "Ada Buyer"))
        .put("shippingAddress", new JsonObject().put("line1", "Hauptstr. 1").put("city", "Leipzig")
            .put("postalCode", "04109").put("countryCode", "DE"))
        .put("paid", true);
  }

  /** The placeOrder payload (fails the test on GraphQL errors). */
  public JsonObject place(JsonObject input) {
    var response = client.query(PLACE, Map.of("input", input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("placeOrder");
  }

  /** Places and expects success; returns the order. */
  public JsonObject placed(JsonObject input) {
    JsonObject payload = place(input);
    assertThat(payload.getJsonArray("userErrors")).as(payload.encode()).isEmpty();
    return payload.getJsonObject("order");
  }

  public JsonObject order(String id) {
    var response = client.query("query($id: ID!) { order(id: $id) { " + ORDER_FIELDS + " } }", Map.of("id", id));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("order");
  }

  /** Runs an order mutation returning {@code order} and {@code userErrors}; returns the payload. */
  public JsonObject mutate(String name, String inputType, JsonObject input) {
    var response = client.query("mutation($input: " + inputType + "!) { " + name + "(input: $input) { order { "
        + ORDER_FIELDS + " } userErrors { field code message } } }", Map.of("input", input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject(name);
  }

  /** Ships lines ({@code [lineNo, quantity, ...]}, or all remaining when empty) of a fulfilment order. */
  public JsonObject ship(String fulfillmentOrderId, String tracking, int... lineAndQuantity) {
    JsonObject input = new JsonObject().put("fulfillmentOrderId", fulfillmentOrderId).put("carrier", "DHL")
        .put("service", "Paket").put("trackingNumber", tracking);
    if (lineAndQuantity.length > 0) {
      JsonArray lines = new JsonArray();
      for (int i = 0; i < lineAndQuantity.length; i += 2) {
        lines.add(new JsonObject().put("lineNo", lineAndQuantity[i]).put("quantity", lineAndQuantity[i + 1]));
      }
      input.put("lines", lines);
    }
    var response = client.query("mutation($input: CreateShipmentInput!) { createShipment(input: $input) {"
        + " shipment { id status trackingNumber lines { lineNo quantity } } order { " + ORDER_FIELDS + " }"
        + " userErrors { field code message } } }", Map.of("input", input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("createShipment");
  }

  public JsonObject deliver(String shipmentId) {
    var response = client.query("mutation($input: MarkShipmentDeliveredInput!) { markShipmentDelivered(input: $input) {"
        + " shipment { id status deliveredAt } order { " + ORDER_FIELDS + " } userErrors { field code message } } }",
        Map.of("input", new JsonObject().put("shipmentId", shipmentId)));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("markShipmentDelivered");
  }

  /** One location's stock level of a SKU: {onHand allocated reserved available}. */
  public JsonObject level(String sku, String locationId) {
    for (Object item : inventory.levels(sku)) {
      JsonObject level = (JsonObject) item;
      if (level.getJsonObject("location").getString("id").equals(locationId)) {
        return level;
      }
    }
    throw new AssertionError("no stock level of " + sku + " at " + locationId);
  }

  /** The kinds of the SKU's ledger rows, newest first. */
  public JsonArray ledger(String sku) {
    return inventory.admin.query("query($s: String!) { stockMovements(sku: $s, first: 50) { edges { node { kind quantity location { id } } } } }",
        Map.of("s", sku)).data().getJsonObject("stockMovements").getJsonArray("edges");
  }
}
