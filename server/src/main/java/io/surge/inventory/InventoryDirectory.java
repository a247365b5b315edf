package io.surge.inventory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

/**
 * Cached lookups for the reservation path: a SKU's variant with its sale rules, a channel's
 * locations and TTLs. Entries live a few seconds, so a hot SKU costs no database read per
 * reservation; changes to rules reach the path within {@link #TTL} (and at once on the node that
 * made them, which calls {@link #forget}). Thread-safe.
 */
public final class InventoryDirectory {
  static final Duration TTL = Duration.ofSeconds(5);

  private final PgStockRepository stock;
  private final Cache<String, SellableVariant> variants =
      Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();
  private final Cache<Long, ChannelStock> channels =
      Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();
  private final Map<Long, String> skuById = new java.util.concurrent.ConcurrentHashMap<>();

  public InventoryDirectory(PgStockRepository stock) {
    this.stock = stock;
  }

  /** The variants of these SKUs that exist (unknown SKUs are absent). */
  public Future<Map<String, SellableVariant>> variants(Collection<String> skus) {
    Map<String, SellableVariant> found = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String sku : skus) {
      SellableVariant cached = variants.getIfPresent(sku);
      if (cached != null) {
        found.put(sku, cached);
      } else {
        missing.add(sku);
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(found);
    }
    return stock.sellableVariants(missing).map(loaded -> {
      loaded.forEach((sku, variant) -> {
        variants.put(sku, variant);
        skuById.put(variant.id(), sku);
      });
      found.putAll(loaded);
      return found;
    });
  }

  public Future<Optional<ChannelStock>> channel(long id) {
    ChannelStock cached = channels.getIfPresent(id);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return stock.channelStock(id).onSuccess(found -> found.ifPresent(c -> channels.put(id, c)));
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
