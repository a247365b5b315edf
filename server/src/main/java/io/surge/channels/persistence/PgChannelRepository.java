package io.surge.channels.persistence;

import io.surge.channels.domain.Channel;
import io.surge.channels.domain.ChannelChanges;
import io.surge.channels.domain.PriorityWeightChanges;
import io.surge.channels.domain.PriorityWeightSettings;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.surge.infra.pg.Tuples;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Sales channels in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgChannelRepository {
  /** The unique constraint a duplicate code violates. */
  public static final String CODE_TAKEN = "channel_code_key";

  private final Pool pool;

  public PgChannelRepository(Pool pool) {
    this.pool = pool;
  }

  /** Inserts the channel and its location list in one transaction. */
  public Future<Channel> insert(ChannelChanges channel) {
    return pool.withTransaction(tx -> tx.preparedQuery(ChannelSql.INSERT)
        .execute(weights(Tuple.of(channel.code(), channel.name(), channel.currencyCode(),
            channel.reservationTtlDefaultSeconds(), channel.reservationTtlMaxSeconds(),
            channel.unpaidOrderTtlMinutes()), channel.priorityWeights()))
        .map(rows -> map(rows.iterator().next()))
        .compose(created -> replaceLocations(tx, created.id(), channel.locationIds())
            .map(created)));
  }

  /** Applies the changes in one transaction; empty when there is no such channel. */
  public Future<Optional<Channel>> update(long id, ChannelChanges changes) {
    return pool.withTransaction(tx -> tx.preparedQuery(ChannelSql.UPDATE)
        .execute(weights(Tuple.of(id, changes.name(), changes.currencyCode(), changes.active(),
            changes.reservationTtlDefaultSeconds(), changes.reservationTtlMaxSeconds(),
            changes.unpaidOrderTtlMinutes()), changes.priorityWeights()))
        .map(rows -> Rows.first(rows, PgChannelRepository::map))
        .compose(updated -> updated.isEmpty() || changes.locationIds() == null
            ? Future.succeededFuture(updated)
            : replaceLocations(tx, id, changes.locationIds()).map(updated)));
  }

  /** Appends the four weights (value, tier, promise, speed), null for those not given. */
  private static Tuple weights(Tuple tuple, PriorityWeightChanges weights) {
    boolean given = weights != null;
    return tuple.addDouble(given ? weights.value() : null).addDouble(given ? weights.tier() : null)
        .addDouble(given ? weights.promise() : null).addDouble(given ? weights.speed() : null);
  }

  private static Future<Void> replaceLocations(SqlClient tx, long channelId, List<Long> locationIds) {
    if (locationIds == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ChannelSql.DELETE_LOCATIONS).execute(Tuple.of(channelId))
        .compose(deleted -> tx.preparedQuery(ChannelSql.INSERT_LOCATIONS)
            .execute(Tuples.ofIdAndIds(channelId, locationIds)))
        .mapEmpty();
  }

  public Future<Optional<Channel>> findById(long id) {
    return findByIds(Set.of(id)).map(found -> Optional.ofNullable(found.get(id)));
  }

  public Future<Map<Long, Channel>> findByIds(Set<Long> ids) {
    return pool.preparedQuery(ChannelSql.BY_IDS)
        .execute(Tuples.ofIds(ids))
        .map(rows -> Rows.index(rows, PgChannelRepository::map, Channel::id));
  }

  public Future<Optional<Channel>> findByCode(String code) {
    return pool.preparedQuery(ChannelSql.BY_CODE).execute(Tuple.of(code))
        .map(rows -> Rows.first(rows, PgChannelRepository::map));
  }

  /** Channels by id; {@code only} restricts to one channel (a CHANNEL key's own). */
  public Future<Page<Channel>> page(PageRequest request, Long only) {
    Future<List<Channel>> rows = pool.preparedQuery(ChannelSql.PAGE)
        .execute(Tuple.of(request.afterKey(), only, request.limit()))
        .map(result -> Rows.list(result, PgChannelRepository::map));
    Future<Long> count = pool.preparedQuery(ChannelSql.COUNT).execute(Tuple.of(only))
        .map(result -> result.iterator().next().getLong(0));
    return Future.all(rows, count).map(all -> Page.of(rows.result(), request.first(),
        request.hasCursor(), count.result(), Channel::id));
  }

  private static Channel map(Row row) {
    return new Channel(row.getLong("id"), row.getString("code"), row.getString("name"),
        row.getString("currency_code"), row.getBoolean("active"),
        row.getInteger("reservation_ttl_default_seconds"), row.getInteger("reservation_ttl_max_seconds"),
        row.getInteger("unpaid_order_ttl_minutes"), new PriorityWeightSettings(
            row.getDouble("priority_weight_value"), row.getDouble("priority_weight_tier"),
            row.getDouble("priority_weight_promise"), row.getDouble("priority_weight_speed")),
        Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
  }
}
