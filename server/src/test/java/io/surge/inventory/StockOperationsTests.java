package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Stock operations")
class StockOperationsTests {
  private static final String LEVEL = "stockLevel { onHand allocated reserved safetyStock available } userErrors { field code message }";
  private InventoryFixture fixture;
  private String sku;
  private String location;

  @BeforeEach
  void world() {
    fixture = InventoryFixture.create(TestNode.shared().admin(), 2, 1);
    sku = fixture.skus.get(0);
    location = fixture.locationIds.get(0);
    fixture.receive(sku, location, 50);
  }

  private JsonObject mutate(String name, String inputType, JsonObject input) {
    var response = fixture.admin.query("mutation($input: " + inputType + "!) { " + name + "(input: $input) { " + LEVEL + " } }",
        Map.of("input", input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject(name);
  }

  private List<String> ledgerKinds() {
    return fixture.admin.query("query($s: String!) { stockMovements(sku: $s, first: 50) { edges { node { kind quantity reason actor } } } }",
            Map.of("s", sku)).data().getJsonObject("stockMovements").getJsonArray("edges").stream()
        .map(edge -> ((JsonObject) edge).getJsonObject("node").getString("kind")).toList();
  }

  @Test
  @DisplayName("receiving adds to on hand and writes a RECEIVE ledger row with the actor")
  void receive() {
    var level = fixture.receive(sku, location, 7);
    assertThat(level.getInteger("onHand")).isEqualTo(57);
    var movement = fixture.admin.query("query($s: String!) { stockMovements(sku: $s, first: 1) { totalCount edges { node { kind quantity actor location { id } } } } }",
        Map.of("s", sku)).data().getJsonObject("stockMovements");
    var latest = movement.getJsonArray("edges").getJsonObject(0).getJsonObject("node");
    assertThat(latest.getString("kind")).isEqualTo("RECEIVE");
    assertThat(latest.getInteger("quantity")).isEqualTo(7);
    assertThat(latest.getString("actor")).contains("bootstrap admin");
    assertThat(movement.getInteger("totalCount")).isEqualTo(2);
  }

  @Test
  @DisplayName("adjusting with a reason moves on hand either way, but never takes reserved units")
  void adjust() {
    var down = mutate("adjustStock", "AdjustStockInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("delta", -5).put("reason", "DAMAGE").put("note", "forklift"));
    assertThat(down.getJsonObject("stockLevel").getInteger("onHand")).isEqualTo(45);
    fixture.reserve(fixture.reserveInput(lines(sku, 40)).put("locationId", location));
    var tooMuch = mutate("adjustStock", "AdjustStockInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("delta", -6).put("reason", "SHRINKAGE"));
    assertThat(tooMuch.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INSUFFICIENT_STOCK");
    var exact = mutate("adjustStock", "AdjustStockInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("delta", -5).put("reason", "CYCLE_COUNT"));
    assertThat(exact.getJsonObject("stockLevel").getInteger("onHand")).isEqualTo(40);
    assertThat(exact.getJsonObject("stockLevel").getInteger("available")).isZero();
    var zero = mutate("adjustStock", "AdjustStockInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("delta", 0).put("reason", "CORRECTION"));
    assertThat(zero.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID");
    assertThat(ledgerKinds()).containsSubsequence("ADJUST", "RESERVE", "ADJUST", "RECEIVE");
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("setOnHand applies only when on hand is still the expected value")
  void compareAndSet() {
    var refused = mutate("setOnHand", "SetOnHandInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("onHand", 30).put("expectedOnHand", 49));
    assertThat(refused.getValue("stockLevel")).isNull();
    assertThat(refused.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("COMPARE_FAILED");
    assertThat(fixture.levels(sku).getJsonObject(0).getInteger("onHand")).isEqualTo(50);
    var applied = mutate("setOnHand", "SetOnHandInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("onHand", 30).put("expectedOnHand", 50).put("reason", "cycle count"));
    assertThat(applied.getJsonObject("stockLevel").getInteger("onHand")).isEqualTo(30);
    assertThat(fixture.available(sku)).isEqualTo(30);
    assertThat(ledgerKinds().get(0)).isEqualTo("SET");
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("a transfer takes units out of the source at once and adds them at the target on receipt")
  void transfer() {
    String target = fixture.locationIds.get(1);
    var started = fixture.admin.query("mutation($input: TransferStockInput!) { transferStock(input: $input) {"
            + " transfer { id status quantity from { id } to { id } } userErrors { code } } }",
        Map.of("input", new JsonObject().put("sku", sku).put("fromLocationId", location).put("toLocationId", target)
            .put("quantity", 20))).data().getJsonObject("transferStock").getJsonObject("transfer");
    assertThat(started.getString("status")).isEqualTo("IN_TRANSIT");
    assertThat(fixture.available(sku)).isEqualTo(30);
    var levels = fixture.levels(sku);
    assertThat(levels.stream().mapToInt(l -> ((JsonObject) l).getInteger("incoming")).sum()).isEqualTo(20);

    var received = fixture.admin.query("mutation($input: ReceiveTransferInput!) { receiveTransfer(input: $input) {"
            + " transfer { status receivedAt } userErrors { code } } }",
        Map.of("input", new JsonObject().put("transferId", started.getString("id"))))
        .data().getJsonObject("receiveTransfer");
    assertThat(received.getJsonObject("transfer").getString("status")).isEqualTo("RECEIVED");
    assertThat(fixture.available(sku)).isEqualTo(50);
    var again = fixture.admin.query("mutation($input: ReceiveTransferInput!) { receiveTransfer(input: $input) { userErrors { code } } }",
        Map.of("input", new JsonObject().put("transferId", started.getString("id")))).data().getJsonObject("receiveTransfer");
    assertThat(again.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID_STATE");

    var tooMany = fixture.admin.query("mutation($input: TransferStockInput!) { transferStock(input: $input) { userErrors { code } } }",
        Map.of("input", new JsonObject().put("sku", sku).put("fromLocationId", location).put("toLocationId", target)
            .put("quantity", 31))).data().getJsonObject("transferStock");
    assertThat(tooMany.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INSUFFICIENT_STOCK");
    assertThat(ledgerKinds()).containsSubsequence("TRANSFER_IN", "TRANSFER_OUT");
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("safety stock is kept back from what can be reserved")
  void safetyStock() {
    var level = mutate("setSafetyStock", "SetSafetyStockInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("safetyStock", 45)).getJsonObject("stockLevel");
    assertThat(level.getInteger("available")).isEqualTo(5);
    var tooMany = fixture.reserve(fixture.reserveInput(lines(sku, 6)));
    assertThat(tooMany.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("OUT_OF_STOCK");
    assertThat(fixture.reserve(fixture.reserveInput(lines(sku, 5))).getJsonObject("reservation")).isNotNull();
    mutate("setSafetyStock", "SetSafetyStockInput", new JsonObject().put("sku", sku).put("locationId", location)
        .put("safetyStock", 0));
    assertThat(fixture.available(sku)).isEqualTo(45);
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }

  @Test
  @DisplayName("unknown SKUs and locations, and STAFF-only operations for CHANNEL keys, are refused")
  void refusals() {
    var unknownSku = mutate("receiveStock", "ReceiveStockInput", new JsonObject().put("sku", "NO-SUCH-SKU")
        .put("locationId", location).put("quantity", 1));
    assertThat(unknownSku.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("NOT_FOUND");
    String missingLocation = io.surge.graphql.GlobalId.encode("Location", 987_654_321L);
    var unknownLocation = mutate("receiveStock", "ReceiveStockInput", new JsonObject().put("sku", sku)
        .put("locationId", missingLocation).put("quantity", 1));
    assertThat(unknownLocation.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("NOT_FOUND");
    var negative = mutate("receiveStock", "ReceiveStockInput", new JsonObject().put("sku", sku)
        .put("locationId", location).put("quantity", -3));
    assertThat(negative.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID");
    assertThat(fixture.levels(sku).getJsonObject(0).getInteger("onHand")).isEqualTo(50);
  }
}
