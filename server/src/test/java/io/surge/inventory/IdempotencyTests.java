package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.Db;
import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Idempotency-Key")
class IdempotencyTests {
  private InventoryFixture fixture;
  private String sku;

  @BeforeEach
  void world() {
    fixture = InventoryFixture.create(TestNode.shared().admin(), 1, 1);
    sku = fixture.skus.get(0);
    fixture.receive(sku, fixture.locationIds.get(0), 20);
  }

  private GraphQLClient.Response send(GraphQLClient client, String key, JsonObject input) {
    String body = new JsonObject().put("query", InventoryFixture.RESERVE)
        .put("variables", new JsonObject().put("input", input)).encode();
    return client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/graphql"))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private long reservationsWithKey(String key) {
    return Db.count(TestNode.shared().pgUrl(), "SELECT count(*) FROM reservation WHERE idempotency_key = ?", key);
  }

  @Test
  @DisplayName("a retry with the same key and body gets the first response and reserves nothing more")
  void retry() {
    String key = UUID.randomUUID().toString();
    var first = send(fixture.admin, key, fixture.reserveInput(lines(sku, 3)));
    var second = send(fixture.admin, key, fixture.reserveInput(lines(sku, 3)));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().get("idempotent-replayed")).containsExactly("true");
    assertThat(fixture.available(sku)).isEqualTo(17);
    assertThat(reservationsWithKey(key)).isEqualTo(1);
  }

  @Test
  @DisplayName("the same key with another body is IDEMPOTENCY_KEY_REUSED")
  void reuse() {
    String key = UUID.randomUUID().toString();
    var first = send(fixture.admin, key, fixture.reserveInput(lines(sku, 1)));
    assertThat(first.data().getJsonObject("reserveStock").getJsonObject("reservation")).as(first.body().encode()).isNotNull();
    var other = send(fixture.admin, key, fixture.reserveInput(lines(sku, 2)));
    assertThat(other.status()).isEqualTo(409);
    assertThat(other.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(fixture.available(sku)).isEqualTo(19);
  }

  @Test
  @DisplayName("eight concurrent requests with one key reserve once and all get the same answer")
  void concurrent() throws Exception {
    String key = UUID.randomUUID().toString();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<GraphQLClient.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> send(fixture.admin, key, fixture.reserveInput(lines(sku, 2))), pool));
      }
      List<JsonObject> bodies = new ArrayList<>();
      for (var call : calls) {
        bodies.add(call.get().body());
      }
      assertThat(bodies).allSatisfy(body -> assertThat(body).isEqualTo(bodies.get(0)));
      assertThat(bodies.get(0).getJsonObject("data").getJsonObject("reserveStock").getJsonObject("reservation")).isNotNull();
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.available(sku)).isEqualTo(18);
    assertThat(reservationsWithKey(key)).isEqualTo(1);
  }

  @Test
  @DisplayName("keys hold across a restart: a new node on the same database replays the stored response")
  void acrossRestart() {
    String key = UUID.randomUUID().toString();
    var first = send(fixture.admin, key, fixture.reserveInput(lines(sku, 4)));
    assertThat(first.data().getJsonObject("reserveStock").getJsonObject("reservation")).as(first.body().encode()).isNotNull();
    String adminKey = TestNode.shared().node().config().adminKey().orElseThrow();
    try (TestNode restarted = TestNode.startOn(TestNode.shared().pgUrl(), config -> config.withAdminKey(adminKey))) {
      var again = send(restarted.admin(), key, fixture.reserveInput(lines(sku, 4)));
      assertThat(again.body()).isEqualTo(first.body());
    }
    assertThat(reservationsWithKey(key)).isEqualTo(1);
  }

  @Test
  @DisplayName("keys are per API key: another key's request with the same key string is its own")
  void scopedToApiKey() {
    String key = UUID.randomUUID().toString();
    send(fixture.admin, key, fixture.reserveInput(lines(sku, 1)));
    String secret = fixture.admin.query("mutation { createApiKey(input: {name: \"other\", role: STAFF}) { secret } }")
        .data().getJsonObject("createApiKey").getString("secret");
    var other = send(fixture.admin.as(secret), key, fixture.reserveInput(lines(sku, 1)));
    assertThat(other.data().getJsonObject("reserveStock").getJsonObject("reservation")).isNotNull();
    assertThat(fixture.available(sku)).isEqualTo(18);
  }
}
