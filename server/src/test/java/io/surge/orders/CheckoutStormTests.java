package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.Db;
import io.surge.support.HttpStorm;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Checkout storm: many buyers placing orders on little stock")
class CheckoutStormTests {
  private static final int BUYERS = 400;
  private static final int STOCK = 60;
  private static final int IN_FLIGHT = 64;

  private static List<JsonObject> storm(IntFunction<JsonObject> input) throws Exception {
    return HttpStorm.storm(TestNode.shared(), OrderFixture.PLACE, "placeOrder", BUYERS, IN_FLIGHT, input);
  }

  @Test
  @DisplayName("400 concurrent orders from lines on 60 units: exactly 60 placed, the rest OUT_OF_STOCK, nothing left reserved")
  void noOversellThroughOrders() throws Exception {
    InventoryFixture inventory = InventoryFixture.create(TestNode.shared().admin(), 2, 1);
    OrderFixture orders = new OrderFixture(inventory);
    String sku = inventory.skus.get(0);
    inventory.receive(sku, inventory.locationIds.get(0), STOCK / 2);
    inventory.receive(sku, inventory.locationIds.get(1), STOCK / 2);

    List<JsonObject> payloads = storm(i -> orders.input("storm" + i + "@example.com")
        .put("lines", InventoryFixture.lines(sku, 1)));

    long placed = payloads.stream().filter(p -> p.getJsonObject("order") != null).count();
    long outOfStock = payloads.stream().filter(p -> !p.getJsonArray("userErrors").isEmpty()
        && "OUT_OF_STOCK".equals(p.getJsonArray("userErrors").getJsonObject(0).getString("code"))).count();
    assertThat(placed).isEqualTo(STOCK);
    assertThat(outOfStock).isEqualTo(BUYERS - STOCK);

    String pg = TestNode.shared().pgUrl();
    assertThat(Db.count(pg, "SELECT count(*) FROM sales_order o JOIN order_line l ON l.order_id = o.id WHERE l.sku = ?", sku))
        .isEqualTo(STOCK);
    assertThat(Db.count(pg, "SELECT coalesce(sum(allocated), 0) FROM stock s JOIN variant v ON v.id = s.variant_id"
        + " WHERE v.sku = ?", sku)).isEqualTo(STOCK);
    assertThat(Db.count(pg, "SELECT coalesce(sum(reserved), 0) FROM stock s JOIN variant v ON v.id = s.variant_id"
        + " WHERE v.sku = ?", sku)).isZero();
    assertThat(inventory.available(sku)).isZero();
    assertThat(inventory.audit().getBoolean("clean")).as(inventory.audit().encode()).isTrue();
  }
}
