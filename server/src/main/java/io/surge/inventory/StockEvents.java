package io.surge.inventory;

import io.surge.graphql.EventPublisher;
import io.surge.infra.redis.RedisSubscription;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.domain.StockChange;
import io.surge.inventory.hotstore.StockStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live stock: every committed availability change is published on Redis, and every node relays
 * what it hears to its own {@code stockChanged} subscribers, so a subscriber sees changes made on
 * any node. Redis is not the record: when it is down, changes are not pushed (subscribers can
 * re-query) and nothing else is affected; the listener reconnects by itself.
 */
public final class StockEvents {
  private static final Logger log = LoggerFactory.getLogger(StockEvents.class);
  /** The Redis channel; every Surge key and channel is prefixed {@code surge:}. */
  public static final String CHANNEL = "surge:stock-changed";
  private final Redis publisher;
  private final StockStore store;
  private final InventoryDirectory directory;
  private final Map<String, Set<EventPublisher<StockChange>>> bySku = new ConcurrentHashMap<>();
  private final RedisSubscription subscription;

  public StockEvents(Vertx vertx, Redis publisher, Redis listenerClient, StockStore store,
      InventoryDirectory directory) {
    this.publisher = publisher;
    this.store = store;
    this.directory = directory;
    this.subscription = new RedisSubscription(vertx, listenerClient, CHANNEL, this::onRedisMessage);
  }

  /** Starts listening on Redis (and keeps trying while Redis is away). */
  public void start() {
    subscription.start();
  }

  public void close() {
    subscription.close();
  }

  /** Publishes the current counts of these pools (called after they changed in PostgreSQL). */
  public void poolsChanged(Set<Pool> pools) {
    JsonArray changes = new JsonArray();
    for (Pool pool : pools) {
      String sku = directory.skuOf(pool.variantId());
      StockStore.Counts counts = store.get(pool.key());
      if (sku == null || counts == null) {
        continue;
      }
      changes.add(new JsonObject().put("sku", sku).put("locationId", pool.locationId())
          .put("available", Math.max(0, counts.available())).put("reserved", counts.reserved()));
    }
    // Published even when this node has no subscribers: other nodes may have some.
    if (!changes.isEmpty()) {
      publisher.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(changes.encode()))
          .onFailure(failure -> log.debug("stock change not published: {}", failure.toString()));
    }
  }

  /** A stream of changes to these SKUs for one subscription, delivered on the caller's event loop. */
  public EventPublisher<StockChange> subscribe(Set<String> skus) {
    Context context = Vertx.currentContext();
    List<EventPublisher<StockChange>> holder = new ArrayList<>(1);
    EventPublisher<StockChange> events = new EventPublisher<>(context,
        () -> skus.forEach(sku -> bySku.computeIfPresent(sku, (k, set) -> {
          set.remove(holder.get(0));
          return set.isEmpty() ? null : set;
        })));
    holder.add(events);
    skus.forEach(sku -> bySku.computeIfAbsent(sku, k -> new CopyOnWriteArraySet<>()).add(events));
    return events;
  }

  private void onRedisMessage(String payload) {
    JsonArray changes;
    try {
      changes = new JsonArray(payload);
    } catch (RuntimeException e) {
      log.warn("unreadable stock change message ignored");
      return;
    }
    for (int i = 0; i < changes.size(); i++) {
      JsonObject change = changes.getJsonObject(i);
      Set<EventPublisher<StockChange>> subscribers = bySku.get(change.getString("sku"));
      if (subscribers != null) {
        StockChange event = new StockChange(change.getString("sku"), change.getLong("locationId"),
            change.getInteger("available"), change.getInteger("reserved"));
        subscribers.forEach(subscriber -> subscriber.offer(event));
      }
    }
  }
}
