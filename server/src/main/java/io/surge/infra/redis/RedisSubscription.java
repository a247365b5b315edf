package io.surge.infra.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.function.Consumer;

/**
 * One Redis pub/sub channel, listened to on a connection of its own (a subscribed connection can
 * do nothing else), reconnecting every second while Redis is away. Messages reach the handler
 * as their payload text.
 */
public final class RedisSubscription {
  private static final long RECONNECT_MS = 1_000;

  private final Vertx vertx;
  private final Redis client;
  private final String channel;
  private final Consumer<String> onMessage;
  private volatile boolean closed;
  private RedisConnection connection;

  public RedisSubscription(Vertx vertx, Redis client, String channel, Consumer<String> onMessage) {
    this.vertx = vertx;
    this.client = client;
    this.channel = channel;
    this.onMessage = onMessage;
  }

  /** Subscribes (and keeps trying while Redis is away). */
  public void start() {
    client.connect()
        .compose(connected -> {
          connection = connected;
          connected.handler(this::onResponse);
          connected.exceptionHandler(e -> { });
          connected.endHandler(v -> reconnectLater());
          return connected.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
        })
        .onFailure(failure -> reconnectLater());
  }

  public void close() {
    closed = true;
    if (connection != null) {
      connection.close();
    }
  }

  private void reconnectLater() {
    if (!closed) {
      vertx.setTimer(RECONNECT_MS, id -> start());
    }
  }

  private void onResponse(Response message) {
    // Pub/sub pushes arrive as ["message", channel, payload].
    if (message.size() >= 3 && "message".equals(message.get(0).toString())) {
      onMessage.accept(message.get(2).toString());
    }
  }
}
