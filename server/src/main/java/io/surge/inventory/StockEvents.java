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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /**
   * At most one message per this many milliseconds: a change when none was published for that
   * long goes out at once, later ones within it wait for its end and go out together, each pool
   * with its counts at sending. In a flash sale the journal commits a batch every millisecond or
   * so; a message per batch cost ~5 % of the event loops' time (encoding, the Redis round trip,
   * every node decoding it again) for counts a storefront cannot show that fast anyway.
   */
  static final long WINDOW_MS = 20;
  private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(WINDOW_MS);
  /**
   * Where the end-of-window timers run: a context of this class's own, so a timer is never
   * cancelled with the verticle or request whose change started it.
   */
  private final Context timers;
  /** Pools changed since the last message. */
  private final Set<Pool> pending = ConcurrentHashMap.newKeySet();
  /** A message is due (now or at the window's end) and will carry whatever is pending then. */
  private final AtomicBoolean due = new AtomicBoolean();
  private volatile long lastSent = System.nanoTime() - WINDOW_NANOS;
  private final Redis publisher;
  private final StockStore store;
  private final InventoryDirectory directory;
  private final Map<String, Set<EventPublisher<StockChange>>> bySku = new ConcurrentHashMap<>();
  private final RedisSubscription subscription;

  public StockEvents(Vertx vertx, Redis publisher, Redis listenerClient, StockStore store,
      InventoryDirectory directory) {
    this.timers = vertx.getOrCreateContext();
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

  /**
   * Publishes the counts of these pools (called after they changed in PostgreSQL), at once or at
   * the end of the current window ({@link #WINDOW_MS}). Any thread.
   */
  public void poolsChanged(Set<Pool> pools) {
    pending.addAll(pools);
    if (!due.compareAndSet(false, true)) {
      return;
    }
    long wait = WINDOW_NANOS - (System.nanoTime() - lastSent);
    try {
      // Sent from the timers' context, never the caller's: the journal calls this from its own
      // event loop, and a Redis connection opened from there would stay on it.
      if (wait <= 0) {
        timers.runOnContext(v -> publishPending());
        return;
      }
      timers.runOnContext(v -> timers.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)),
          id -> publishPending()));
    } catch (RuntimeException e) {
      // Vert.x is closing: nothing will publish; let a later change try again.
      due.set(false);
    }
  }

  private void publishPending() {
    lastSent = System.nanoTime();
    // Cleared before taking the pools: a change added from here on makes a message of its own.
    due.set(false);
    List<Pool> pools = new ArrayList<>(pending.size());
    for (var it = pending.iterator(); it.hasNext(); ) {
      pools.add(it.next());
      it.remove();
    }
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
