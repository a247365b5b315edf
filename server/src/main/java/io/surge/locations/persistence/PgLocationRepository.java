package io.surge.locations.persistence;

import io.surge.common.Address;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.surge.infra.pg.Tuples;
import io.surge.locations.domain.Location;
import io.surge.locations.domain.LocationChanges;
import io.surge.locations.domain.LocationKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Locations in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgLocationRepository {
  /** The unique constraint a duplicate code violates. */
  public static final String CODE_TAKEN = "location_code_key";

  private final Pool pool;

  public PgLocationRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Location> insert(LocationChanges location) {
    Address a = location.address();
    Tuple values = Tuple.tuple()
        .addString(location.code()).addString(location.name()).addString(location.kind().name())
        .addString(a.name()).addString(a.company()).addString(a.line1()).addString(a.line2())
        .addString(a.city()).addString(a.region()).addString(a.postalCode())
        .addString(a.countryCode()).addString(a.phone())
        .addValue(location.latitude()).addValue(location.longitude())
        .addBoolean(location.ships()).addBoolean(location.pickup())
        .addInteger(location.dailyCapacity()).addLocalTime(cutoff(location.cutoffTime()))
        .addString(location.timeZone()).addLong(minorUnits(location.shippingCost()));
    return pool.preparedQuery(LocationSql.INSERT).execute(values)
        .map(rows -> map(rows.iterator().next()));
  }

  /**
   * Applies the changes; coordinates are replaced together when either is given, the address as a
   * whole when given; capacity and cut-off are removed when the changes say so. Empty when there
   * is no such location.
   */
  public Future<Optional<Location>> update(long id, LocationChanges changes) {
    Address a = changes.address();
    boolean newAddress = a != null;
    boolean newCoordinates = changes.latitude() != null || changes.longitude() != null;
    Tuple values = Tuple.tuple()
        .addLong(id).addString(changes.name())
        .addString(changes.kind() == null ? null : changes.kind().name())
        .addBoolean(newCoordinates).addBoolean(newAddress)
        .addString(newAddress ? a.name() : null).addString(newAddress ? a.company() : null)
        .addString(newAddress ? a.line1() : null).addString(newAddress ? a.line2() : null)
        .addString(newAddress ? a.city() : null).addString(newAddress ? a.region() : null)
        .addString(newAddress ? a.postalCode() : null)
        .addString(newAddress ? a.countryCode() : null).addString(newAddress ? a.phone() : null)
        .addBoolean(changes.ships()).addBoolean(changes.pickup()).addBoolean(changes.active())
        .addValue(changes.latitude()).addValue(changes.longitude())
        .addBoolean(changes.clearDailyCapacity()).addInteger(changes.dailyCapacity())
        .addBoolean(changes.clearCutoffTime()).addLocalTime(cutoff(changes.cutoffTime()))
        .addString(changes.timeZone()).addLong(minorUnits(changes.shippingCost()));
    return pool.preparedQuery(LocationSql.UPDATE).execute(values)
        .map(rows -> Rows.first(rows, PgLocationRepository::map));
  }

  public Future<Map<Long, Location>> findByIds(Set<Long> ids) {
    return pool.preparedQuery(LocationSql.BY_IDS).execute(Tuples.ofIds(ids))
        .map(rows -> Rows.index(rows, PgLocationRepository::map, Location::id));
  }

  public Future<Optional<Location>> findById(long id) {
    return findByIds(Set.of(id)).map(found -> Optional.ofNullable(found.get(id)));
  }

  public Future<Optional<Location>> findByCode(String code) {
    return pool.preparedQuery(LocationSql.BY_CODE).execute(Tuple.of(code))
        .map(rows -> Rows.first(rows, PgLocationRepository::map));
  }

  /** Each channel's locations in the channel's order: one statement for any number of channels. */
  public Future<Map<Long, List<Location>>> findByChannels(Set<Long> channelIds) {
    return pool.preparedQuery(LocationSql.BY_CHANNELS)
        .execute(Tuples.ofIds(channelIds))
        .map(rows -> {
          Map<Long, List<Location>> byChannel = new HashMap<>();
          rows.forEach(row -> byChannel
              .computeIfAbsent(row.getLong("channel_id"), id -> new ArrayList<>())
              .add(map(row)));
          return byChannel;
        });
  }

  public Future<Page<Location>> page(PageRequest request) {
    Future<List<Location>> rows = pool.preparedQuery(LocationSql.PAGE)
        .execute(Tuple.of(request.afterKey(), request.limit()))
        .map(result -> Rows.list(result, PgLocationRepository::map));
    Future<Long> count = pool.preparedQuery(LocationSql.COUNT).execute(Tuple.tuple())
        .map(result -> result.iterator().next().getLong(0));
    return Future.all(rows, count).map(all -> Page.of(rows.result(), request.first(),
        request.hasCursor(), count.result(), Location::id));
  }

  private static Location map(Row row) {
    Address address = new Address(row.getString("address_name"), row.getString("address_company"),
        row.getString("address_line1"), row.getString("address_line2"),
        row.getString("address_city"), row.getString("address_region"),
        row.getString("address_postal_code"), row.getString("address_country_code"),
        row.getString("address_phone"));
    return new Location(row.getLong("id"), row.getString("code"), row.getString("name"),
        LocationKind.valueOf(row.getString("kind")), address, row.getDouble("latitude"),
        row.getDouble("longitude"), row.getBoolean("ships"), row.getBoolean("pickup"),
        row.getBoolean("active"), row.getInteger("daily_capacity"), row.getLocalTime("cutoff_time"),
        row.getString("time_zone"), row.getLong("shipping_cost_minor"), Rows.instant(row, "created_at"),
        Rows.instant(row, "updated_at"));
  }

  // The service has checked both: HH:mm, and no more decimals than a cost has.
  private static LocalTime cutoff(String hoursAndMinutes) {
    return hoursAndMinutes == null ? null : LocalTime.parse(hoursAndMinutes);
  }

  private static Long minorUnits(BigDecimal amount) {
    return amount == null ? null : amount.movePointRight(Location.COST_DECIMALS).longValueExact();
  }
}
