package io.surge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Staff draft orders over the API for tests: inputs that are valid by default, and the draft mutations. */
public final class DraftOrderFixture {
  public static final String DRAFT_FIELDS = """
      id status currencyCode note shippingMethod shippingSpeed promisedAt createdAt updatedAt completedAt
      channel { id } customer { email name tier } shippingAddress { line1 city countryCode } pickupLocation { id }
      lines { sku title quantity onSale variant { sku } unitPrice { amount currencyCode } discount { amount } total { amount } }
      subtotal { amount currencyCode } discounts { amount } shippingPrice { amount currencyCode }
      order { id source status }""";

  private final InventoryFixture inventory;
  private final GraphQLClient client;

  public DraftOrderFixture(InventoryFixture inventory) {
    this.inventory = inventory;
    this.client = inventory.admin;
  }

  /** A createDraftOrder input on the fixture's channel with a customer, a German address and these lines. */
  public JsonObject input(String email, JsonArray lines) {
    return new JsonObject().put("channelId", inventory.channelId)
        .put("customer", new JsonObject().put("email", email).put("name", "Dora Draft"))
        .put("shippingAddress", new JsonObject().put("line1", "Hauptstr. 1").put("city", "Leipzig")
            .put("postalCode", "04109").put("countryCode", "DE"))
        .put("lines", lines);
  }

  /** The createDraftOrder payload. */
  public JsonObject create(JsonObject input) {
    return mutate("createDraftOrder", "CreateDraftOrderInput", input, "draftOrder { " + DRAFT_FIELDS + " }");
  }

  /** Creates and expects success; returns the draft. */
  public JsonObject created(JsonObject input) {
    JsonObject payload = create(input);
    assertThat(payload.getJsonArray("userErrors")).as(payload.encode()).isEmpty();
    return payload.getJsonObject("draftOrder");
  }

  /** The updateDraftOrder payload for draft {@code id} and these changes. */
  public JsonObject update(String id, JsonObject changes) {
    return mutate("updateDraftOrder", "UpdateDraftOrderInput", changes.copy().put("id", id),
        "draftOrder { " + DRAFT_FIELDS + " }");
  }

  public JsonObject delete(String id) {
    return mutate("deleteDraftOrder", "DeleteDraftOrderInput", new JsonObject().put("draftOrderId", id),
        "deletedDraftOrderId");
  }

  /** The confirmDraftOrder payload: {draftOrder, order, userErrors}. */
  public JsonObject confirm(String id, boolean paid) {
    return mutate("confirmDraftOrder", "ConfirmDraftOrderInput", new JsonObject().put("draftOrderId", id)
        .put("paid", paid), "draftOrder { " + DRAFT_FIELDS + " } order { " + OrderFixture.ORDER_FIELDS + " }");
  }

  /** The draft as draftOrder(id:) answers it, or null. */
  public JsonObject draft(String id) {
    var response = client.query("query($id: ID!) { draftOrder(id: $id) { " + DRAFT_FIELDS + " } }", Map.of("id", id));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("draftOrder");
  }

  private JsonObject mutate(String name, String inputType, JsonObject input, String selection) {
    var response = client.query("mutation($input: " + inputType + "!) { " + name + "(input: $input) { " + selection
        + " userErrors { field code message } } }", Map.of("input", input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject(name);
  }

  /** The code of a payload's first user error. */
  public static String firstCode(JsonObject payload) {
    JsonArray errors = payload.getJsonArray("userErrors");
    assertThat(errors).as(payload.encode()).isNotEmpty();
    return errors.getJsonObject(0).getString("code");
  }
}
