package io.surge.orders.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.common.CallerFutures;
import io.surge.infra.pg.Rows;
import io.surge.orders.routing.PriorityWeights;
import io.surge.orders.routing.RoutingLocation;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cached lookups for placing orders: the channel with its locations' routing facts, variants
 * with their price in a currency, tax rates, customer tiers, and today's fulfilment orders per
 * location (for capacity). Entries live a few seconds (longer for rarely changing data), so a
 * checkout storm reads the database once per entry, not once per order. Thread-safe.
 */
public final class PgOrderDirectory {
  /**
   * How long channels (with their locations' routing facts), variants and today's order counts
   * are kept: a change reaches placement within this time.
   */
  public static final Duration SHORT = Duration.ofSeconds(5);
  private static final Duration LONG = Duration.ofSeconds(60);

  /** A channel as orders need it. */
  public record OrderChannel(long id, String currency, boolean active, int unpaidTtlMinutes, PriorityWeights weights,
      List<RoutingLocation> locations) {

    public boolean serves(long locationId) {
      return locations.stream().anyMatch(location -> location.id() == locationId);
    }
  }

  /** A variant as an order line needs it; {@code priceMinor} null when it has no price in the currency. */
  public record OrderVariant(long id, String sku, String title, String taxClass, boolean active, Long priceMinor) {}

  private final Pool pool;
  private final Cache<Long, Future<Optional<OrderChannel>>> channels =
      Caffeine.newBuilder().expireAfterWrite(SHORT).maximumSize(10_000).build();
  private final Cache<String, Future<Optional<OrderVariant>>> variants =
      Caffeine.newBuilder().expireAfterWrite(SHORT).maximumSize(200_000).build();
  private final Cache<String, Future<Map<String, BigDecimal>>> taxRates =
      Caffeine.newBuilder().expireAfterWrite(LONG).maximumSize(1_000).build();
  private final Cache<String, Future<String>> tiers =
      Caffeine.newBuilder().expireAfterWrite(LONG).maximumSize(100_000).build();
  private final Cache<Boolean, Future<Map<Long, Integer>>> ordersToday =
      Caffeine.newBuilder().expireAfterWrite(SHORT).maximumSize(1).build();

  public PgOrderDirectory(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<OrderChannel>> channel(long id) {
    return cached(channels, id, () -> pool.preparedQuery(OrderSql.CHANNEL_FOR_ORDERS).execute(Tuple.of(id))
        .map(rows -> {
          OrderChannel channel = null;
          List<RoutingLocation> locations = new ArrayList<>();
          for (Row row : rows) {
            if (channel == null) {
              channel = new OrderChannel(row.getLong("id"), row.getString("currency_code"), row.getBoolean("active"),
                  row.getInteger("unpaid_order_ttl_minutes"), new PriorityWeights(
                      row.getDouble("priority_weight_value"), row.getDouble("priority_weight_tier"),
                      row.getDouble("priority_weight_promise"), row.getDouble("priority_weight_speed")), locations);
            }
            if (row.getLong("location_id") != null) {
              locations.add(location(row));
            }
          }
          return Optional.ofNullable(channel);
        }));
  }

  private static RoutingLocation location(Row row) {
    ZoneId zone;
    try {
      zone = ZoneId.of(row.getString("time_zone"));
    } catch (RuntimeException e) {
      zone = ZoneId.of("UTC");
    }
    LocalTime cutoff = row.getLocalTime("cutoff_time");
    return new RoutingLocation(row.getLong("location_id"), row.getString("code"), row.getDouble("latitude"),
        row.getDouble("longitude"), row.getString("address_country_code"), row.getString("address_region"),
        row.getBoolean("ships"), row.getBoolean("pickup"), row.getBoolean("location_active"),
        row.getInteger("daily_capacity"), 0, cutoff, zone, row.getLong("shipping_cost_minor"));
  }

  /** The variants of these SKUs that exist, with their price in {@code currency}. */
  public Future<Map<String, OrderVariant>> variants(Collection<String> skus, String currency) {
    List<String> missing = new ArrayList<>();
    for (String sku : skus) {
      if (variants.getIfPresent(currency + ":" + sku) == null) {
        missing.add(sku);
      }
    }
    if (!missing.isEmpty()) {
      Future<Map<String, OrderVariant>> batch = pool.preparedQuery(OrderSql.VARIANTS_FOR_ORDER)
          .execute(Tuple.tuple().addArrayOfString(missing.toArray(new String[0])).addString(currency))
          .map(rows -> Rows.index(rows, row -> new OrderVariant(row.getLong("id"), row.getString("sku"),
              row.getString("title"), row.getString("tax_class"), row.getBoolean("active"),
              row.getLong("amount_minor")), OrderVariant::sku));
      for (String sku : missing) {
        String key = currency + ":" + sku;
        Future<Optional<OrderVariant>> one = batch.map(found -> Optional.ofNullable(found.get(sku)));
        variants.asMap().putIfAbsent(key, one);
        one.onFailure(failure -> variants.asMap().remove(key, one));
      }
    }
    List<String> order = new ArrayList<>(skus);
    List<Future<Optional<OrderVariant>>> lookups = new ArrayList<>();
    for (String sku : order) {
      lookups.add(CallerFutures.onCaller(
          variants.asMap().getOrDefault(currency + ":" + sku, Future.succeededFuture(Optional.empty()))));
    }
    return Future.all(lookups).map(all -> {
      Map<String, OrderVariant> found = new HashMap<>();
      lookups.forEach(lookup -> lookup.result().ifPresent(v -> found.put(v.sku(), v)));
      return found;
    });
  }

  /** Tax rate (percent) per tax class in a country; classes without a rate are untaxed. */
  public Future<Map<String, BigDecimal>> taxRates(String countryCode) {
    return cached(taxRates, countryCode, () -> pool.preparedQuery(OrderSql.TAX_RATES).execute(Tuple.of(countryCode))
        .map(rows -> {
          Map<String, BigDecimal> rates = new HashMap<>();
          rows.forEach(row -> rates.put(row.getString(0), row.getBigDecimal(1)));
          return rates;
        }));
  }

  /** The tier of the customer with this e-mail; STANDARD for a new customer. */
  public Future<String> tier(String email) {
    return cached(tiers, tierKey(email), () -> pool.preparedQuery(OrderSql.CUSTOMER_TIER)
        .execute(Tuple.of(email)).map(rows -> Rows.first(rows, row -> row.getString(0)).orElse("STANDARD")));
  }

  /**
   * Forgets the cached tier of the customer with this e-mail, so the next order reads it again;
   * call it after the new tier committed (a load already under way is dropped with the entry).
   */
  public void forgetTier(String email) {
    tiers.invalidate(tierKey(email));
  }

  private static String tierKey(String email) {
    return email.toLowerCase(java.util.Locale.ROOT);
  }

  /** Fulfilment orders created today per location (a few seconds stale at most). */
  public Future<Map<Long, Integer>> ordersToday() {
    return cached(ordersToday, Boolean.TRUE, () -> pool.preparedQuery(OrderSql.FULFILLMENT_ORDERS_TODAY).execute()
        .map(rows -> {
          Map<Long, Integer> counts = new HashMap<>();
          rows.forEach(row -> counts.put(row.getLong(0), row.getInteger(1)));
          return counts;
        }));
  }

  /** A location's country and region, and whether it offers pickup (for click and collect). */
  public record PickupLocation(long id, String countryCode, String region, boolean pickup, boolean active) {}

  public Future<Optional<PickupLocation>> pickupLocation(long id) {
    return pool.preparedQuery(OrderSql.LOCATION_COUNTRY).execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, row -> new PickupLocation(id, row.getString(0), row.getString(1),
            row.getBoolean(2), row.getBoolean(3))));
  }

  private static <K, V> Future<V> cached(Cache<K, Future<V>> cache, K key, java.util.function.Supplier<Future<V>> load) {
    Future<V> lookup = cache.asMap().computeIfAbsent(key, k -> load.get());
    return CallerFutures.onCaller(lookup).onFailure(failure -> cache.asMap().remove(key, lookup));
  }
}
