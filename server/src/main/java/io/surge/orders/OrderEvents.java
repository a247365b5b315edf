package io.surge.orders;

import io.surge.graphql.EventPublisher;
import io.surge.infra.redis.RedisSubscription;
import io.surge.orders.domain.OrderStatus;
import io.surge.orders.domain.StatusChange;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order status changes, published on Redis after they commit and relayed by every node to its
 * own {@code orderStatusChanged} subscribers. Like live stock, Redis is not the record: when it is
 * down, changes are not pushed (the order itself is unaffected) and the listener reconnects.
 */
public final class OrderEvents {
  private static final Logger log = LoggerFactory.getLogger(OrderEvents.class);
  public static final String CHANNEL = "surge:order-status";

  private final Redis publisher;
  private final Map<Long, Set<EventPublisher<StatusChange>>> byOrder = new ConcurrentHashMap<>();
  private final RedisSubscription subscription;

  public OrderEvents(Vertx vertx, Redis publisher, Redis listenerClient) {
    this.publisher = publisher;
    this.subscription = new RedisSubscription(vertx, listenerClient, CHANNEL, this::onRedisMessage);
  }

  /** Starts listening on Redis (and keeps trying while Redis is away). */
  public void start() {
    subscription.start();
  }

  public void close() {
    subscription.close();
  }

  /** Publishes a committed status change. */
  public void changed(StatusChange change) {
    JsonObject message = new JsonObject().put("orderId", change.orderId()).put("number", change.number())
        .put("from", change.from() == null ? null : change.from().name()).put("to", change.to().name())
        .put("at", change.at().toString());
    publisher.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(message.encode()))
        .onFailure(failure -> log.debug("order status change not published: {}", failure.toString()));
  }

  /** The changes of one order, for one subscription, delivered on the caller's event loop. */
  public EventPublisher<StatusChange> subscribe(long orderId) {
    Context context = Vertx.currentContext();
    List<EventPublisher<StatusChange>> holder = new ArrayList<>(1);
    EventPublisher<StatusChange> events = new EventPublisher<>(context,
        () -> byOrder.computeIfPresent(orderId, (k, set) -> {
          set.remove(holder.get(0));
          return set.isEmpty() ? null : set;
        }));
    holder.add(events);
    byOrder.computeIfAbsent(orderId, k -> new CopyOnWriteArraySet<>()).add(events);
    return events;
  }

  private void onRedisMessage(String payload) {
    try {
      JsonObject change = new JsonObject(payload);
      Set<EventPublisher<StatusChange>> subscribers = byOrder.get(change.getLong("orderId"));
      if (subscribers != null) {
        String from = change.getString("from");
        StatusChange event = new StatusChange(change.getLong("orderId"), change.getString("number"),
            from == null ? null : OrderStatus.valueOf(from), OrderStatus.valueOf(change.getString("to")),
            Instant.parse(change.getString("at")));
        subscribers.forEach(subscriber -> subscriber.offer(event));
      }
    } catch (RuntimeException e) {
      log.warn("unreadable order status message ignored");
    }
  }
}
