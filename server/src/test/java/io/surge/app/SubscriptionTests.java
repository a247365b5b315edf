package io.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Subscriptions over graphql-transport-ws")
class SubscriptionTests {
  private static Vertx client;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  /** Connects, sends connection_init with {@code key}, subscribes, and collects messages until complete or error. */
  private static List<JsonObject> run(String key, String query) throws Exception {
    List<JsonObject> messages = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    WebSocketClient ws = client.createWebSocketClient();
    ws.connect(new WebSocketConnectOptions()
            .setHost("127.0.0.1").setPort(node.node().port()).setURI("/graphql/ws")
            .addSubProtocol("graphql-transport-ws"))
        .onFailure(failure -> done.countDown())
        .onSuccess(socket -> {
          socket.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            messages.add(message);
            if ("connection_ack".equals(message.getString("type"))) {
              socket.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe")
                  .put("payload", new JsonObject().put("query", query)).encode());
            }
            if ("complete".equals(message.getString("type")) || "error".equals(message.getString("type"))) {
              done.countDown();
            }
          });
          socket.closeHandler(closed -> done.countDown());
          JsonObject payload = key == null ? new JsonObject() : new JsonObject().put("Authorization", "Bearer " + key);
          socket.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", payload).encode());
        });
    assertThat(done.await(20, TimeUnit.SECONDS)).as("subscription ended").isTrue();
    ws.close();
    return messages;
  }

  @Test
  @DisplayName("an authenticated subscription streams its events and completes")
  void heartbeat() throws Exception {
    var messages = run(node.node().config().adminKey().orElseThrow(), "subscription { heartbeat(count: 2) }");
    assertThat(messages.stream().map(m -> m.getString("type")))
        .containsExactly("connection_ack", "next", "next", "complete");
    assertThat(messages.get(1).getJsonObject("payload").getJsonObject("data").getString("heartbeat")).endsWith("Z");
  }

  @Test
  @DisplayName("a subscription without a key gets UNAUTHENTICATED")
  void anonymous() throws Exception {
    var messages = run(null, "subscription { heartbeat(count: 1) }");
    var next = messages.stream().filter(m -> !"connection_ack".equals(m.getString("type"))).findFirst().orElseThrow();
    assertThat(next.encode()).contains("UNAUTHENTICATED");
  }

  @Test
  @DisplayName("a bad key refuses the connection")
  void badKey() throws Exception {
    var messages = run("surge_notARealKeyAtAllNotARealKeyAtAll", "subscription { heartbeat(count: 1) }");
    assertThat(messages.stream().map(m -> m.getString("type"))).doesNotContain("connection_ack", "next");
  }
}
