package io.surge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small inventory world made over the API: locations, a channel selling from them, SKUs with
 * stock. Each fixture is unique, so tests sharing a node never touch each other's stock.
 */
public final class InventoryFixture {
  public final GraphQLClient admin;
  public final String channelId;
  public final List<String> locationIds;
  public final List<String> skus;

  private InventoryFixture(GraphQLClient admin, String channelId, List<String> locationIds, List<String> skus) {
    this.admin = admin;
    this.channelId = channelId;
    this.locationIds = locationIds;
    this.skus = skus;
  }

  /** {@code locations} locations, a channel over them, {@code skuCount} SKUs with no stock yet. */
  public static InventoryFixture create(GraphQLClient admin, int locations, int skuCount, JsonObject channelExtras) {
    List<String> locationIds = new ArrayList<>();
    for (int i = 0; i < locations; i++) {
      var created = admin.query("mutation($input: CreateLocationInput!) { createLocation(input: $input) { location { id } userErrors { message } } }",
          CatalogMother.input(CatalogMother.location(CatalogMother.unique("INV"))
              .put("latitude", 50.0 + i).put("longitude", 10.0 + i)));
      locationIds.add(created.data().getJsonObject("createLocation").getJsonObject("location").getString("id"));
    }
    JsonObject channel = CatalogMother.channel(CatalogMother.unique("inv"), locationIds.toArray(new String[0]));
    channelExtras.forEach(entry -> channel.put(entry.getKey(), entry.getValue()));
    var createdChannel = admin.query("mutation($input: CreateChannelInput!) { createChannel(input: $input) { channel { id } userErrors { field message } } }",
        CatalogMother.input(channel));
    assertThat(createdChannel.data().getJsonObject("createChannel").getJsonArray("userErrors")).isEmpty();
    String channelId = createdChannel.data().getJsonObject("createChannel").getJsonObject("channel").getString("id");
    List<String> skus = new ArrayList<>();
    JsonArray variants = new JsonArray();
    for (int i = 0; i < skuCount; i++) {
      String sku = CatalogMother.unique("SKU");
      skus.add(sku);
      variants.add(CatalogMother.variant(sku).put("selectedOptions", new JsonArray()));
    }
    var product = admin.query("mutation($input: CreateProductInput!) { createProduct(input: $input) { userErrors { message } } }",
        CatalogMother.input(CatalogMother.product("Inventory " + CatalogMother.unique("p")).put("variants", variants)));
    assertThat(product.data().getJsonObject("createProduct").getJsonArray("userErrors")).isEmpty();
    return new InventoryFixture(admin, channelId, locationIds, skus);
  }

  public static InventoryFixture create(GraphQLClient admin, int locations, int skuCount) {
    return create(admin, locations, skuCount, new JsonObject());
  }

  /** The same world seen through another client: the same node restarted on another port, or another node. */
  public InventoryFixture through(GraphQLClient other) {
    return new InventoryFixture(other, channelId, locationIds, skus);
  }

  /** Receives {@code quantity} units of a SKU at a location and returns the new level. */
  public JsonObject receive(String sku, String locationId, int quantity) {
    var response = admin.query("mutation($input: ReceiveStockInput!) { receiveStock(input: $input) {"
        + " stockLevel { onHand allocated reserved safetyStock available } userErrors { code message } } }",
        Map.of("input", new JsonObject().put("sku", sku).put("locationId", locationId).put("quantity", quantity)));
    assertThat(response.errors()).isNull();
    var payload = response.data().getJsonObject("receiveStock");
    assertThat(payload.getJsonArray("userErrors")).isEmpty();
    return payload.getJsonObject("stockLevel");
  }

  /** The reserveStock mutation with the fixture's channel. */
  public static final String RESERVE = """
      mutation($input: ReserveStockInput!) { reserveStock(input: $input) {
        reservation { id status expiresAt customerRef lines { sku quantity location { id } } }
        userErrors { field code message } } }""";

  public JsonObject reserveInput(JsonArray lines) {
    return new JsonObject().put("channelId", channelId).put("lines", lines);
  }

  public static JsonArray lines(Object... skuAndQuantity) {
    JsonArray lines = new JsonArray();
    for (int i = 0; i < skuAndQuantity.length; i += 2) {
      lines.add(new JsonObject().put("sku", skuAndQuantity[i]).put("quantity", skuAndQuantity[i + 1]));
    }
    return lines;
  }

  /** The reserveStock payload for these lines (fails the test on GraphQL errors). */
  public JsonObject reserve(JsonObject input) {
    var response = admin.query(RESERVE, Map.of("input", input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("reserveStock");
  }

  /** The audit of the fixture's SKUs over the API. */
  public JsonObject audit() {
    for (int attempt = 0; ; attempt++) {
      var response = admin.query("query($skus: [String!]) { inventoryAudit(skus: $skus) { clean checkedPools"
          + " findings { sku check expected actual } } }", Map.of("skus", new JsonArray(skus)));
      // Refused (UNAVAILABLE) only while a batch whose answer was lost is being settled: briefly.
      if (response.errors() != null && "UNAVAILABLE".equals(response.errorCode()) && attempt < 50) {
        sleep(100);
        continue;
      }
      assertThat(response.errors()).isNull();
      return response.data().getJsonObject("inventoryAudit");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stock levels of a SKU, one per location with a stock row. */
  public JsonArray levels(String sku) {
    return admin.query("query($s: String!) { variant(sku: $s) { availableQuantity stockLevels { location { id } onHand allocated reserved safetyStock incoming available } } }",
        Map.of("s", sku)).data().getJsonObject("variant").getJsonArray("stockLevels");
  }

  public int available(String sku) {
    return admin.query("query($s: String!) { variant(sku: $s) { availableQuantity } }", Map.of("s", sku))
        .data().getJsonObject("variant").getInteger("availableQuantity");
  }

  /** A client with a new CHANNEL key of the fixture's channel: what a storefront sends with. */
  public GraphQLClient storefront() {
    var response = admin.query("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
        Map.of("input", new JsonObject().put("name", "storefront " + System.nanoTime()).put("role", "CHANNEL")
            .put("channelId", channelId)));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return admin.as(response.data().getJsonObject("createApiKey").getString("secret"));
  }
}
