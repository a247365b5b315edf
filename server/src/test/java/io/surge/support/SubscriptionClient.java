package io.surge.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A graphql-transport-ws client for tests: connects, sends connection_init with the key,
 * subscribes once acknowledged, and collects every message the server sends.
 */
public final class SubscriptionClient implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private WebSocketClient client;
  private WebSocket socket;

  /** Opens a subscription; returns at once, messages arrive in {@link #messages()}. */
  public static SubscriptionClient open(int port, String key, String query) {
    SubscriptionClient subscription = new SubscriptionClient();
    subscription.start(port, key, query);
    return subscription;
  }

  private void start(int port, String key, String query) {
    client = vertx.createWebSocketClient();
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/graphql/ws")
            .addSubProtocol("graphql-transport-ws"))
        .onFailure(failure -> closed = true)
        .onSuccess(ws -> {
          socket = ws;
          ws.textMessageHandler(text -> {
            JsonObject message = new JsonObject(text);
            messages.add(message);
            if ("connection_ack".equals(message.getString("type"))) {
              ws.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe")
                  .put("payload", new JsonObject().put("query", query)).encode());
            }
          });
          ws.closeHandler(v -> closed = true);
          JsonObject payload = key == null ? new JsonObject() : new JsonObject().put("Authorization", "Bearer " + key);
          ws.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", payload).encode());
        });
  }

  public List<JsonObject> messages() {
    return List.copyOf(messages);
  }

  public List<String> types() {
    return messages.stream().map(m -> m.getString("type")).toList();
  }

  /** Waits until the server ended the subscription (complete, error) or closed the socket. */
  public void awaitEnd(Duration timeout) {
    Eventually.until(timeout, () -> closed || types().contains("complete") || types().contains("error"));
  }

  /** Waits until at least {@code count} {@code next} messages arrived. */
  public void awaitNext(int count, Duration timeout) {
    Eventually.until(timeout, () -> types().stream().filter("next"::equals).count() >= count);
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.close();
    }
    vertx.close();
  }
}
