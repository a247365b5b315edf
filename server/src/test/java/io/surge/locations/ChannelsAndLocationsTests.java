package io.surge.locations;

import static io.surge.support.CatalogMother.channel;
import static io.surge.support.CatalogMother.input;
import static io.surge.support.CatalogMother.location;
import static io.surge.support.CatalogMother.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Locations and sales channels")
class ChannelsAndLocationsTests {
  private static final String CREATE_LOCATION = """
      mutation($input: CreateLocationInput!) { createLocation(input: $input) {
        location { id code name kind address { line1 city postalCode countryCode } latitude longitude ships pickup active }
        userErrors { field code message } } }""";
  private static final String CREATE_CHANNEL = """
      mutation($input: CreateChannelInput!) { createChannel(input: $input) {
        channel { id code name currencyCode active locations { code } } userErrors { field code message } } }""";
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  private static JsonObject createLocation(JsonObject input) {
    return admin.query(CREATE_LOCATION, input(input)).data().getJsonObject("createLocation");
  }

  @Test
  @DisplayName("createLocation stores every field; the same code again is TAKEN")
  void createLocation() {
    String code = unique("LEJ");
    var created = createLocation(location(code)).getJsonObject("location");
    assertThat(created.getString("kind")).isEqualTo("WAREHOUSE");
    assertThat(created.getJsonObject("address").getString("countryCode")).isEqualTo("DE");
    assertThat(created.getDouble("latitude")).isEqualTo(51.34);
    assertThat(created.getBoolean("ships")).isTrue();
    assertThat(created.getBoolean("pickup")).isFalse();
    var again = createLocation(location(code));
    assertThat(again.getValue("location")).isNull();
    assertThat(again.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("TAKEN");
  }

  @Test
  @DisplayName("bad location input is refused: blank name, half coordinates, latitude out of range, unknown country")
  void badLocation() {
    var errors = createLocation(location(unique("BAD")).put("name", "").put("longitude", (Object) null).put("latitude", 91))
        .getJsonArray("userErrors");
    assertThat(errors.stream().map(e -> ((JsonObject) e).getJsonArray("field").getString(1)))
        .contains("name", "latitude");
    var country = admin.query(CREATE_LOCATION, input(location(unique("BAD"))
        .put("address", new JsonObject().put("line1", "x").put("city", "y").put("countryCode", "XX"))));
    assertThat(country.errorCode()).isEqualTo("BAD_USER_INPUT");
    var badCode = createLocation(location("has space"));
    assertThat(badCode.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("INVALID");
  }

  @Test
  @DisplayName("updateLocation changes only what it names")
  void updateLocation() {
    String id = createLocation(location(unique("UPD"))).getJsonObject("location").getString("id");
    var updated = admin.query("mutation($input: UpdateLocationInput!) { updateLocation(input: $input) {"
            + " location { name kind pickup ships latitude address { city } } userErrors { code } } }",
        input(new JsonObject().put("id", id).put("kind", "STORE").put("pickup", true)))
        .data().getJsonObject("updateLocation").getJsonObject("location");
    assertThat(updated.getString("kind")).isEqualTo("STORE");
    assertThat(updated.getBoolean("pickup")).isTrue();
    assertThat(updated.getBoolean("ships")).isTrue();
    assertThat(updated.getDouble("latitude")).isEqualTo(51.34);
    assertThat(updated.getJsonObject("address").getString("city")).isEqualTo("Leipzig");
  }

  @Test
  @DisplayName("a channel lists its locations in the order given; unknown or repeated locations are refused")
  void channels() {
    String a = createLocation(location(unique("A"))).getJsonObject("location").getString("id");
    String b = createLocation(location(unique("B"))).getJsonObject("location").getString("id");
    String code = unique("shop");
    var created = admin.query(CREATE_CHANNEL, input(channel(code, b, a))).data()
        .getJsonObject("createChannel").getJsonObject("channel");
    assertThat(created.getString("currencyCode")).isEqualTo("EUR");
    assertThat(created.getJsonArray("locations")).hasSize(2);
    assertThat(created.getJsonArray("locations").getJsonObject(0).getString("code")).startsWith("B-");

    var repeated = admin.query(CREATE_CHANNEL, input(channel(unique("shop"), a, a))).data().getJsonObject("createChannel");
    assertThat(repeated.getJsonArray("userErrors").getJsonObject(0).getJsonArray("field"))
        .containsExactly("input", "locationIds", "1");
    var duplicate = admin.query(CREATE_CHANNEL, input(channel(code))).data().getJsonObject("createChannel");
    assertThat(duplicate.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("TAKEN");

    var updated = admin.query("mutation($input: UpdateChannelInput!) { updateChannel(input: $input) {"
            + " channel { name locations { code } } userErrors { code } } }",
        input(new JsonObject().put("id", created.getString("id")).put("locationIds", new JsonArray().add(a))))
        .data().getJsonObject("updateChannel").getJsonObject("channel");
    assertThat(updated.getString("name")).isEqualTo("Channel " + code);
    assertThat(updated.getJsonArray("locations")).hasSize(1);

    var byCode = admin.query("query($c: String) { channel(code: $c) { id } }", Map.of("c", code))
        .data().getJsonObject("channel");
    assertThat(byCode.getString("id")).isEqualTo(created.getString("id"));
  }

  @Test
  @DisplayName("an unknown location ID in a channel is NOT_FOUND; a malformed one is BAD_USER_INPUT")
  void unknownLocations() {
    String unknown = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("Location:999999999".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    var missing = admin.query(CREATE_CHANNEL, input(channel(unique("x"), unknown))).data().getJsonObject("createChannel");
    assertThat(missing.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("NOT_FOUND");
    assertThat(admin.query(CREATE_CHANNEL, input(channel(unique("x"), "%%%"))).errorCode()).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("location(code:), location(id:) and nodes(ids:) find locations; unknown ones are null")
  void lookups() {
    String code = unique("LOOK");
    String id = createLocation(location(code)).getJsonObject("location").getString("id");
    assertThat(admin.query("query($c: String) { location(code: $c) { id } }", Map.of("c", code))
        .data().getJsonObject("location").getString("id")).isEqualTo(id);
    assertThat(admin.query("query($id: ID) { location(id: $id) { code } }", Map.of("id", id))
        .data().getJsonObject("location").getString("code")).isEqualTo(code);
    String missing = io.surge.graphql.GlobalId.encode("Location", 999_999_999L);
    var nodes = admin.query("query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Location { code } } }",
        Map.of("ids", new JsonArray().add(id).add(missing))).data().getJsonArray("nodes");
    assertThat(nodes.getJsonObject(0).getString("code")).isEqualTo(code);
    assertThat(nodes.getValue(1)).isNull();
  }

  @Test
  @DisplayName("locations pages through every location with a total count")
  void locationsPage() {
    createLocation(location(unique("P")));
    var page = admin.query("{ locations(first: 1) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }")
        .data().getJsonObject("locations");
    assertThat(page.getJsonArray("edges")).hasSize(1);
    assertThat(page.getInteger("totalCount")).isGreaterThanOrEqualTo(1);
  }
}
