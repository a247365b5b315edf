package io.surge.inventory.persistence;

import io.surge.infra.pg.Rows;
import io.surge.infra.pg.Tuples;
import io.surge.inventory.domain.ChannelStock;
import io.surge.inventory.domain.ChannelStock.StockLocation;
import io.surge.inventory.domain.SaleRules;
import io.surge.inventory.domain.SellableVariant;
import io.surge.inventory.domain.StockLevel;
import io.surge.inventory.domain.StockMovement;
import io.surge.inventory.domain.StockTransfer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Stock rows, the ledger, transfers and the lookups of the reservation path, in PostgreSQL. */
public final class PgStockRepository {
  private final Pool pool;

  public PgStockRepository(Pool pool) {
    this.pool = pool;
  }

  /** One row of the audit query: a pool's record and the units its active reservations hold. */
  public record AuditRow(StockLevel level, String sku, int reservedByReservations, int allocatedByOrders) {}

  public Future<Map<String, SellableVariant>> sellableVariants(Collection<String> skus) {
    return pool.preparedQuery(InventorySql.SELLABLE_VARIANTS)
        .execute(Tuple.tuple().addArrayOfString(skus.toArray(new String[0])))
        .map(rows -> {
          Map<String, SellableVariant> bySku = new HashMap<>();
          for (Row row : rows) {
            SaleRules own = new SaleRules(row.getInteger("max_per_reservation"),
                row.getInteger("max_per_customer"), Rows.instant(row, "sale_starts_at"),
                Rows.instant(row, "sale_ends_at"));
            SaleRules campaigns = new SaleRules(row.getInteger("c_max_per_reservation"),
                row.getInteger("c_max_per_customer"), Rows.instant(row, "c_starts_at"),
                Rows.instant(row, "c_ends_at"));
            bySku.put(row.getString("sku"), new SellableVariant(row.getLong("id"), row.getString("sku"),
                row.getBoolean("active"), own.strictest(campaigns)));
          }
          return bySku;
        });
  }

  public Future<Optional<ChannelStock>> channelStock(long channelId) {
    return pool.preparedQuery(InventorySql.CHANNEL_STOCK).execute(Tuple.of(channelId)).map(rows -> {
      ChannelStock channel = null;
      List<StockLocation> locations = new ArrayList<>();
      for (Row row : rows) {
        if (channel == null) {
          channel = new ChannelStock(row.getLong("id"), row.getBoolean("active"),
              row.getInteger("reservation_ttl_default_seconds"),
              row.getInteger("reservation_ttl_max_seconds"), locations);
        }
        if (row.getLong("location_id") != null) {
          locations.add(new StockLocation(row.getLong("location_id"), row.getDouble("latitude"),
              row.getDouble("longitude"), row.getBoolean("ships"), row.getBoolean("location_active")));
        }
      }
      return Optional.ofNullable(channel);
    });
  }

  public Future<Map<Long, List<StockLevel>>> levelsByVariants(Set<Long> variantIds) {
    return pool.preparedQuery(InventorySql.LEVELS_BY_VARIANTS).execute(Tuples.ofIds(variantIds))
        .map(rows -> Rows.group(rows, PgStockRepository::level, StockLevel::variantId));
  }

  public Future<Optional<StockLevel>> level(long variantId, long locationId) {
    return pool.preparedQuery(InventorySql.LEVEL).execute(Tuple.of(variantId, locationId))
        .map(rows -> Rows.first(rows, PgStockRepository::level));
  }

  /** Changes on hand by {@code delta} with its ledger row, in one statement. */
  public Future<StockLevel> changeOnHand(long variantId, long locationId, int delta, String kind,
      String reason, String actor, String reference) {
    return pool.preparedQuery(InventorySql.CHANGE_ON_HAND)
        .execute(Tuple.tuple().addLong(variantId).addLong(locationId).addInteger(delta)
            .addString(kind).addString(reason).addString(actor).addString(reference))
        .map(rows -> level(rows.iterator().next()));
  }

  public Future<StockLevel> setSafetyStock(long variantId, long locationId, int safetyStock, String actor) {
    return pool.preparedQuery(InventorySql.SET_SAFETY_STOCK)
        .execute(Tuple.of(variantId, locationId, safetyStock, actor))
        .map(rows -> level(rows.iterator().next()));
  }

  /** Takes units out of the source and books them as incoming at the target; empty if the source has no row. */
  public Future<Optional<Long>> startTransfer(long variantId, long from, long to, int quantity, String actor) {
    return pool.preparedQuery(InventorySql.START_TRANSFER)
        .execute(Tuple.of(variantId, from, to, quantity, actor))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  /** Receives an in-transit transfer; empty when there is none in transit with that id. */
  public Future<Optional<StockTransfer>> receiveTransfer(long transferId, String actor) {
    return pool.preparedQuery(InventorySql.RECEIVE_TRANSFER).execute(Tuple.of(transferId, actor))
        .compose(rows -> rows.size() == 0
            ? Future.succeededFuture(Optional.<StockTransfer>empty())
            : transfer(transferId));
  }

  public Future<Optional<StockTransfer>> transfer(long id) {
    return pool.preparedQuery(InventorySql.TRANSFER).execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, row -> new StockTransfer(row.getLong("id"), row.getLong("variant_id"),
            row.getString("sku"), row.getLong("from_location_id"), row.getLong("to_location_id"),
            row.getInteger("quantity"), row.getString("status"), Rows.instant(row, "created_at"),
            Rows.instant(row, "received_at"))));
  }

  /**
   * Starts an audit read: a REPEATABLE READ transaction whose snapshot is taken now, with the pools
   * (variant, location) of these SKUs, or of every SKU when null, as of that snapshot. The caller
   * takes its view of the hot store while nothing else moves, then reads the rest with
   * {@link AuditSnapshot#rows()} at leisure: every statement sees the same moment.
   */
  public Future<AuditSnapshot> beginAudit(List<String> skus) {
    Tuple params = Tuple.tuple().addArrayOfString(skus == null ? null : skus.toArray(new String[0]));
    return pool.getConnection().compose(connection -> connection.query(InventorySql.BEGIN_SNAPSHOT).execute()
        .compose(begun -> connection.preparedQuery(InventorySql.AUDIT_POOLS).execute(params))
        .map(rows -> {
          List<Long> pools = new ArrayList<>();
          for (Row row : rows) {
            pools.add(new io.surge.inventory.domain.Pool(row.getLong(0), row.getLong(1)).key());
          }
          return new AuditSnapshot(connection, params, pools);
        })
        .recover(failure -> AuditSnapshot.end(connection, "ROLLBACK").transform(ended -> Future.failedFuture(failure))));
  }

  /** An open audit transaction (see {@link #beginAudit}); {@link #rows()} ends it. */
  public static final class AuditSnapshot {
    private final io.vertx.sqlclient.SqlConnection connection;
    private final Tuple params;
    private final List<Long> pools;

    private AuditSnapshot(io.vertx.sqlclient.SqlConnection connection, Tuple params, List<Long> pools) {
      this.connection = connection;
      this.params = params;
      this.pools = pools;
    }

    /** The pools' hot-store keys, as of the snapshot. */
    public List<Long> pools() {
      return pools;
    }

    /** Stock rows with the units of their active reservations and open order lines; ends the transaction. */
    public Future<List<AuditRow>> rows() {
      return connection.preparedQuery(InventorySql.AUDIT).execute(params)
          .map(rows -> Rows.list(rows, row -> new AuditRow(level(row), row.getString("sku"),
              row.getInteger("reserved_by_reservations"), row.getInteger("allocated_by_orders"))))
          .transform(read -> end(connection, read.succeeded() ? "COMMIT" : "ROLLBACK")
              .transform(ended -> read.succeeded() ? Future.succeededFuture(read.result()) : Future.failedFuture(read.cause())));
    }

    /** Ends the transaction without reading (the caller failed while the journal paused). */
    public Future<Void> abandon() {
      return end(connection, "ROLLBACK");
    }

    /**
     * Ends the transaction, then gives the connection back. A pooled connection goes back as it
     * is: one left in an aborted transaction (a value PostgreSQL refused, e.g. a NUL in a SKU)
     * failed every statement of whoever got it next.
     */
    static Future<Void> end(io.vertx.sqlclient.SqlConnection connection, String command) {
      return connection.query(command).execute().<Void>mapEmpty()
          .eventually(() -> connection.close());
    }
  }

  /** Newest first, before the movement id {@code beforeId}. */
  public Future<List<StockMovement>> movements(String sku, Long locationId, long beforeId, int limit) {
    return pool.preparedQuery(InventorySql.MOVEMENTS).execute(Tuple.of(sku, locationId, beforeId, limit))
        .map(rows -> Rows.list(rows, row -> new StockMovement(row.getLong("id"), row.getLong("variant_id"),
            row.getString("sku"), row.getLong("location_id"), row.getString("kind"),
            row.getInteger("quantity"), row.getString("reason"), row.getString("actor"),
            row.getString("reference"), Rows.instant(row, "created_at"))));
  }

  public Future<Long> countMovements(String sku, Long locationId) {
    return pool.preparedQuery(InventorySql.COUNT_MOVEMENTS).execute(Tuple.of(sku, locationId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static StockLevel level(Row row) {
    return new StockLevel(row.getLong("variant_id"), row.getLong("location_id"), row.getInteger("on_hand"),
        row.getInteger("allocated"), row.getInteger("reserved"), row.getInteger("safety_stock"),
        row.getInteger("incoming"));
  }
}
