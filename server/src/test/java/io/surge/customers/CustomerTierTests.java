package io.surge.customers;

import static io.surge.support.CatalogMother.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Customers: setting the tier")
class CustomerTierTests {
  private static final String SET_TIER = "mutation($input: SetCustomerTierInput!) { setCustomerTier(input: $input) {"
      + " customer { email name phone tier } userErrors { field code message } } }";
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  static JsonObject setTier(GraphQLClient client, String email, String tier) {
    var response = client.query(SET_TIER, Map.of("input", new JsonObject().put("email", email).put("tier", tier)));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("setCustomerTier");
  }

  @Test
  @DisplayName("an e-mail that has not ordered yet becomes a customer with the tier; setting it again changes it")
  void newCustomer() {
    String email = unique("new") + "@example.com";
    var gold = setTier(admin, email, "GOLD");
    assertThat(gold.getJsonArray("userErrors")).isEmpty();
    assertThat(gold.getJsonObject("customer")).isEqualTo(new JsonObject().put("email", email).putNull("name")
        .putNull("phone").put("tier", "GOLD"));
    assertThat(setTier(admin, email, "SILVER").getJsonObject("customer").getString("tier")).isEqualTo("SILVER");
  }

  @Test
  @DisplayName("the customer of an earlier order is found whatever the e-mail's case, and keeps its details")
  void existingCustomer() {
    InventoryFixture inventory = InventoryFixture.create(admin, 1, 1);
    inventory.receive(inventory.skus.get(0), inventory.locationIds.get(0), 5);
    OrderFixture orders = new OrderFixture(inventory);
    String email = unique("Ada.Buyer") + "@Example.com";
    orders.placed(orders.input(email).put("lines", InventoryFixture.lines(inventory.skus.get(0), 1)));

    var vip = setTier(admin, email.toUpperCase(Locale.ROOT), "VIP");
    assertThat(vip.getJsonArray("userErrors")).isEmpty();
    assertThat(vip.getJsonObject("customer").getString("email")).isEqualTo(email);
    assertThat(vip.getJsonObject("customer").getString("name")).isEqualTo("Ada Buyer");
    assertThat(vip.getJsonObject("customer").getString("tier")).isEqualTo("VIP");
  }

  @Test
  @DisplayName("a blank or malformed e-mail is refused at input.email; an unknown tier is BAD_USER_INPUT")
  void invalid() {
    var blank = setTier(admin, " ", "VIP");
    assertThat(blank.getValue("customer")).isNull();
    assertThat(blank.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("REQUIRED");
    assertThat(blank.getJsonArray("userErrors").getJsonObject(0).getJsonArray("field")).containsExactly("input", "email");

    var malformed = setTier(admin, "not-an-address", "VIP");
    assertThat(malformed.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID");
    assertThat(malformed.getJsonArray("userErrors").getJsonObject(0).getJsonArray("field"))
        .containsExactly("input", "email");

    var platinum = admin.query(SET_TIER, Map.of("input", new JsonObject().put("email", "x@example.com")
        .put("tier", "PLATINUM")));
    assertThat(platinum.errorCode()).isEqualTo("BAD_USER_INPUT");
  }
}
