package io.surge.channels;

import static io.surge.support.CatalogMother.channel;
import static io.surge.support.CatalogMother.input;
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
@DisplayName("Channels: the unpaid-order time and the priority weights")
class ChannelOrderSettingsTests {
  private static final String SETTINGS = "id unpaidOrderTtlMinutes priorityWeights { value tier promise speed }";
  private static final String CREATE = "mutation($input: CreateChannelInput!) { createChannel(input: $input) {"
      + " channel { " + SETTINGS + " } userErrors { field code message } } }";
  private static final String UPDATE = "mutation($input: UpdateChannelInput!) { updateChannel(input: $input) {"
      + " channel { " + SETTINGS + " } userErrors { field code message } } }";
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  private static JsonObject mutate(String mutation, String name, JsonObject input) {
    var response = admin.query(mutation, input(input));
    assertThat(response.errors()).as(response.body().encode()).isNull();
    return response.data().getJsonObject(name);
  }

  private static JsonObject read(String id) {
    return admin.query("query($id: ID) { channel(id: $id) { " + SETTINGS + " } }", Map.of("id", id))
        .data().getJsonObject("channel");
  }

  private static JsonObject weights(double value, double tier, double promise, double speed) {
    return new JsonObject().put("value", value).put("tier", tier).put("promise", promise).put("speed", speed);
  }

  private static List<String> fields(JsonArray userErrors) {
    return userErrors.stream().map(error -> String.join(".", ((JsonObject) error).getJsonArray("field").getList()))
        .toList();
  }

  @Test
  @DisplayName("createChannel stores the unpaid-order time and the weights; channel reads them back")
  void createAndRead() {
    var created = mutate(CREATE, "createChannel", channel(unique("settings")).put("unpaidOrderTtlMinutes", 30)
        .put("priorityWeights", weights(0.5, 2, 6, 2.25)));
    assertThat(created.getJsonArray("userErrors")).isEmpty();

    var read = read(created.getJsonObject("channel").getString("id"));
    assertThat(read.getInteger("unpaidOrderTtlMinutes")).isEqualTo(30);
    assertThat(read.getJsonObject("priorityWeights")).isEqualTo(weights(0.5, 2, 6, 2.25));
  }

  @Test
  @DisplayName("a channel created without them holds unpaid orders 60 minutes and takes the default weights (a promise counts most)")
  void defaults() {
    var created = mutate(CREATE, "createChannel", channel(unique("plain"))).getJsonObject("channel");
    assertThat(created.getInteger("unpaidOrderTtlMinutes")).isEqualTo(60);
    assertThat(created.getJsonObject("priorityWeights")).isEqualTo(weights(1, 1, 6, 2));
  }

  @Test
  @DisplayName("updateChannel changes only the weights it names")
  void update() {
    String id = mutate(CREATE, "createChannel", channel(unique("upd")).put("priorityWeights", weights(1, 2, 3, 4)))
        .getJsonObject("channel").getString("id");
    var updated = mutate(UPDATE, "updateChannel", new JsonObject().put("id", id).put("unpaidOrderTtlMinutes", 1440)
        .put("priorityWeights", new JsonObject().put("tier", 0.0)));
    assertThat(updated.getJsonArray("userErrors")).isEmpty();
    assertThat(read(id).getInteger("unpaidOrderTtlMinutes")).isEqualTo(1440);
    assertThat(read(id).getJsonObject("priorityWeights")).isEqualTo(weights(1, 0, 3, 4));
  }

  @Test
  @DisplayName("an unpaid-order time outside 1..43200 minutes and weights outside 0..100 are INVALID, each at its field")
  void invalid() {
    var refused = mutate(CREATE, "createChannel", channel(unique("bad")).put("unpaidOrderTtlMinutes", 0)
        .put("priorityWeights", new JsonObject().put("value", -0.5).put("speed", 100.5)));
    assertThat(refused.getValue("channel")).isNull();
    assertThat(fields(refused.getJsonArray("userErrors"))).containsExactlyInAnyOrder("input.unpaidOrderTtlMinutes",
        "input.priorityWeights.value", "input.priorityWeights.speed");
    assertThat(refused.getJsonArray("userErrors").stream().map(error -> ((JsonObject) error).getString("code")))
        .containsOnly("INVALID");

    String id = mutate(CREATE, "createChannel", channel(unique("keep"))).getJsonObject("channel").getString("id");
    var tooLong = mutate(UPDATE, "updateChannel", new JsonObject().put("id", id).put("unpaidOrderTtlMinutes", 43_201)
        .put("priorityWeights", new JsonObject().put("tier", 1000.0)));
    assertThat(fields(tooLong.getJsonArray("userErrors")))
        .containsExactlyInAnyOrder("input.unpaidOrderTtlMinutes", "input.priorityWeights.tier");
    assertThat(read(id).getInteger("unpaidOrderTtlMinutes")).isEqualTo(60);
    assertThat(read(id).getJsonObject("priorityWeights")).isEqualTo(weights(1, 1, 6, 2));
  }
}
