package io.surge.inventory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.common.CallerFutures;
import io.surge.inventory.domain.ChannelStock;
import io.surge.inventory.domain.SellableVariant;
import io.surge.inventory.persistence.PgStockRepository;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cached lookups for the reservation path: a SKU's variant with its sale rules, a channel's
 * locations and TTLs. Entries live a few seconds, so a hot SKU costs no database read per
 * reservation; changes to rules reach the path within {@link #TTL} (and at once on the node that
 * made them, which calls {@link #forget}). Loads in flight are shared: a thousand buyers arriving
 * together on a cold SKU cause one query, not a thousand. Thread-safe.
 */
public final class InventoryDirectory {
  static final Duration TTL = Duration.ofSeconds(5);

  private final PgStockRepository stock;
  private final Cache<String, Future<Optional<SellableVariant>>> variants =
      Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();
  private final Cache<Long, Future<Optional<ChannelStock>>> channels =
      Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();
  private final Map<Long, String> skuById = new ConcurrentHashMap<>();

  public InventoryDirectory(PgStockRepository stock) {
    this.stock = stock;
  }

  /** The variants of these SKUs that exist (unknown SKUs are absent). */
  public Future<Map<String, SellableVariant>> variants(Collection<String> skus) {
    List<String> missing = new ArrayList<>();
    for (String sku : skus) {
      if (variants.getIfPresent(sku) == null) {
        missing.add(sku);
      }
    }
    if (!missing.isEmpty()) {
      Future<Map<String, SellableVariant>> batch = stock.sellableVariants(missing);
      for (String sku : missing) {
        Future<Optional<SellableVariant>> one = batch.map(found -> Optional.ofNullable(found.get(sku)));
        variants.asMap().putIfAbsent(sku, one);
        one.onSuccess(found -> found.ifPresent(v -> skuById.put(v.id(), sku)))
            .onFailure(failure -> variants.asMap().remove(sku, one));
      }
    }
    List<Future<Optional<SellableVariant>>> lookups = new ArrayList<>(skus.size());
    List<String> order = new ArrayList<>(skus);
    for (String sku : order) {
      lookups.add(CallerFutures.onCaller(variants.asMap().getOrDefault(sku, Future.succeededFuture(Optional.empty()))));
    }
    return Future.all(lookups).map(all -> {
      Map<String, SellableVariant> found = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        lookups.get(i).result().ifPresent(v -> found.put(v.sku(), v));
      }
      return found;
    });
  }

  public Future<Optional<ChannelStock>> channel(long id) {
    Future<Optional<ChannelStock>> lookup = channels.asMap().computeIfAbsent(id, stock::channelStock);
    return CallerFutures.onCaller(lookup).onFailure(failure -> channels.asMap().remove(id, lookup));
  }

  /** The SKU of a variant this node has looked up before, or null. */
  public String skuOf(long variantId) {
    return skuById.get(variantId);
  }

  /** Drops cached entries after a change made on this node. */
  public void forget() {
    variants.invalidateAll();
    channels.invalidateAll();
  }
}
