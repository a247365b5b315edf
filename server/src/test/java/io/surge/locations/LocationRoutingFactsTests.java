package io.surge.locations;

import static io.surge.support.CatalogMother.input;
import static io.surge.support.CatalogMother.location;
import static io.surge.support.CatalogMother.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Locations: the facts routing weighs (capacity, cut-off, time zone, shipping cost)")
class LocationRoutingFactsTests {
  private static final String FACTS = "id dailyCapacity cutoffTime timeZone shippingCost";
  private static final String CREATE = "mutation($input: CreateLocationInput!) { createLocation(input: $input) {"
      + " location { " + FACTS + " } userErrors { field code message } } }";
  private static final String UPDATE = "mutation($input: UpdateLocationInput!) { updateLocation(input: $input) {"
      + " location { " + FACTS + " } userErrors { field code message } } }";
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  private static JsonObject create(JsonObject input) {
    var response = admin.query(CREATE, input(input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("createLocation");
  }

  private static JsonObject update(JsonObject input) {
    var response = admin.query(UPDATE, input(input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject("updateLocation");
  }

  private static JsonObject read(String id) {
    return admin.query("query($id: ID) { location(id: $id) { " + FACTS + " } }", Map.of("id", id))
        .data().getJsonObject("location");
  }

  private static List<String> fields(JsonArray userErrors) {
    return userErrors.stream().map(error -> String.join(".", ((JsonObject) error).getJsonArray("field").getList()))
        .toList();
  }

  @Test
  @DisplayName("createLocation stores capacity, cut-off, time zone and shipping cost; location reads them back")
  void createAndRead() {
    var created = create(location(unique("FACTS")).put("dailyCapacity", 250).put("cutoffTime", "16:30")
        .put("timeZone", "Europe/Berlin").put("shippingCost", "4.9"));
    assertThat(created.getJsonArray("userErrors")).isEmpty();

    var read = read(created.getJsonObject("location").getString("id"));
    assertThat(read.getInteger("dailyCapacity")).isEqualTo(250);
    assertThat(read.getString("cutoffTime")).isEqualTo("16:30");
    assertThat(read.getString("timeZone")).isEqualTo("Europe/Berlin");
    assertThat(read.getString("shippingCost")).isEqualTo("4.90");
  }

  @Test
  @DisplayName("a location created without them has no limit, no cut-off, UTC and a cost of 0.00")
  void defaults() {
    var created = create(location(unique("PLAIN"))).getJsonObject("location");
    assertThat(created.getValue("dailyCapacity")).isNull();
    assertThat(created.getValue("cutoffTime")).isNull();
    assertThat(created.getString("timeZone")).isEqualTo("UTC");
    assertThat(created.getString("shippingCost")).isEqualTo("0.00");
  }

  @Test
  @DisplayName("updateLocation changes only the facts it names; null removes capacity and cut-off, and keeps zone and cost")
  void update() {
    String id = create(location(unique("UPD")).put("dailyCapacity", 40).put("cutoffTime", "15:00")
        .put("timeZone", "Europe/Vienna").put("shippingCost", "3.50")).getJsonObject("location").getString("id");

    var cost = update(new JsonObject().put("id", id).put("shippingCost", "5.25").put("cutoffTime", "17:45"));
    assertThat(cost.getJsonArray("userErrors")).isEmpty();
    assertThat(read(id)).isEqualTo(new JsonObject().put("id", id).put("dailyCapacity", 40)
        .put("cutoffTime", "17:45").put("timeZone", "Europe/Vienna").put("shippingCost", "5.25"));

    var removed = update(new JsonObject().put("id", id).putNull("dailyCapacity").putNull("cutoffTime")
        .putNull("timeZone").putNull("shippingCost"));
    assertThat(removed.getJsonArray("userErrors")).isEmpty();
    assertThat(read(id)).isEqualTo(new JsonObject().put("id", id).putNull("dailyCapacity").putNull("cutoffTime")
        .put("timeZone", "Europe/Vienna").put("shippingCost", "5.25"));
  }

  @Test
  @DisplayName("a capacity below 1, a cut-off not HH:mm, an unknown zone and a negative cost are INVALID, each at its field")
  void invalidOnCreate() {
    var refused = create(location(unique("BAD")).put("dailyCapacity", 0).put("cutoffTime", "25:00")
        .put("timeZone", "Mars/Olympus_Mons").put("shippingCost", "-0.01"));
    assertThat(refused.getValue("location")).isNull();
    JsonArray errors = refused.getJsonArray("userErrors");
    assertThat(fields(errors)).containsExactlyInAnyOrder("input.dailyCapacity", "input.cutoffTime",
        "input.timeZone", "input.shippingCost");
    assertThat(errors.stream().map(error -> ((JsonObject) error).getString("code"))).containsOnly("INVALID");
  }

  @Test
  @DisplayName("an update with a cut-off like 4pm, an offset for a zone or a cost with three decimals changes nothing")
  void invalidOnUpdate() {
    String id = create(location(unique("KEEP")).put("cutoffTime", "16:00").put("shippingCost", "2.00"))
        .getJsonObject("location").getString("id");
    var refused = update(new JsonObject().put("id", id).put("cutoffTime", "4pm").put("timeZone", "+02:00")
        .put("shippingCost", "1.234").put("dailyCapacity", -5));
    assertThat(fields(refused.getJsonArray("userErrors"))).containsExactlyInAnyOrder("input.cutoffTime",
        "input.timeZone", "input.shippingCost", "input.dailyCapacity");
    assertThat(read(id).getString("cutoffTime")).isEqualTo("16:00");
    assertThat(read(id).getString("shippingCost")).isEqualTo("2.00");
    assertThat(update(new JsonObject().put("id", id).put("cutoffTime", "9:30")).getJsonArray("userErrors")
        .getJsonObject(0).getJsonArray("field")).containsExactly("input", "cutoffTime");
  }
}
