package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.CatalogMother;
import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("The storefront response cache")
class ResponseCacheTests {
  private static final String AVAILABLE = "query($s: String!) { variant(sku: $s) { availableQuantity } }";

  private InventoryFixture inventory;
  private String sku;
  private GraphQLClient storefront;

  @BeforeEach
  void world() {
    inventory = InventoryFixture.create(TestNode.shared().admin(), 1, 1);
    sku = inventory.skus.get(0);
    inventory.receive(sku, inventory.locationIds.get(0), 10);
    storefront = inventory.storefront();
  }

  private int available(GraphQLClient client) {
    var response = client.query(AVAILABLE, Map.of("s", sku));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("variant").getInteger("availableQuantity");
  }

  @Test
  @DisplayName("a CHANNEL key's variant read is served from the cache for up to a second; staff always read the record")
  void storefrontReadsAreCachedBriefly() throws Exception {
    assertThat(available(storefront)).isEqualTo(10);
    inventory.receive(sku, inventory.locationIds.get(0), 5);
    assertThat(available(inventory.admin)).as("ADMIN reads the record").isEqualTo(15);
    assertThat(available(storefront)).as("the same storefront request within the second").isEqualTo(10);
    Thread.sleep(1_100);
    assertThat(available(storefront)).as("after the entry expired").isEqualTo(15);
  }

  @Test
  @DisplayName("answers are kept per key: another channel key's identical request is executed for it")
  void perKey() {
    assertThat(available(storefront)).isEqualTo(10);
    inventory.receive(sku, inventory.locationIds.get(0), 1);
    GraphQLClient other = inventory.storefront();
    assertThat(available(other)).isEqualTo(11);
  }

  @Test
  @DisplayName("mutations and queries with other root fields are never served from the cache")
  void onlyCacheableQueries() {
    JsonObject input = inventory.reserveInput(InventoryFixture.lines(sku, 1));
    String first = storefrontReservation(input);
    String second = storefrontReservation(input);
    assertThat(first).isNotEqualTo(second);

    String mixed = "query($s: String!) { variant(sku: $s) { availableQuantity } orders(first: 1) { totalCount } }";
    int before = storefront.query(mixed, Map.of("s", sku)).data().getJsonObject("orders").getInteger("totalCount");
    new io.surge.support.OrderFixture(inventory).placed(new io.surge.support.OrderFixture(inventory)
        .input("cache@example.com").put("lines", InventoryFixture.lines(sku, 1)));
    int after = storefront.query(mixed, Map.of("s", sku)).data().getJsonObject("orders").getInteger("totalCount");
    assertThat(after).isEqualTo(before + 1);
  }

  private String storefrontReservation(JsonObject input) {
    var response = storefront.query(InventoryFixture.RESERVE, Map.of("input", input));
    assertThat(response.errors()).isNull();
    return response.data().getJsonObject("reserveStock").getJsonObject("reservation").getString("id");
  }

}
