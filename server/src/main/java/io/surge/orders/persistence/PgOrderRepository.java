package io.surge.orders.persistence;

import io.surge.common.Address;
import io.surge.infra.pg.Rows;
import io.surge.infra.pg.Tuples;
import io.surge.orders.domain.ChangeSet;
import io.surge.orders.domain.ChangeSet.AddedUnits;
import io.surge.orders.domain.ChangeSet.StockDelta;
import io.surge.orders.domain.CustomerInfo;
import io.surge.orders.domain.FulfillmentOrder;
import io.surge.orders.domain.FulfillmentOrderLine;
import io.surge.orders.domain.HistoryEntry;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.OrderFilter;
import io.surge.orders.domain.OrderLine;
import io.surge.orders.domain.OrderSort;
import io.surge.orders.domain.OrderState;
import io.surge.orders.domain.OrderStatus;
import io.surge.orders.domain.Shipment;
import io.surge.orders.domain.ShipmentLine;
import io.surge.orders.domain.Transitions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Orders in PostgreSQL: the reads of the API (batched per page) and the writes of a change set. */
public final class PgOrderRepository {
  private final Pool pool;

  public PgOrderRepository(Pool pool) {
    this.pool = pool;
  }

  // Reads.

  public Future<Map<Long, Order>> byIds(Collection<Long> ids) {
    return pool.preparedQuery(OrderSql.BY_IDS).execute(Tuples.ofIds(ids))
        .map(rows -> Rows.index(rows, PgOrderRepository::order, Order::id));
  }

  public Future<Optional<Order>> byId(long id) {
    return byIds(List.of(id)).map(found -> Optional.ofNullable(found.get(id)));
  }

  /** A page of orders ({@code limit} rows after the order {@code afterId}, 0 for the first page). */
  public Future<List<Order>> page(OrderFilter filter, OrderSort sort, boolean descending, long afterId, int limit) {
    String sql = (descending ? OrderSql.PAGE_DESC : OrderSql.PAGE_ASC).get(sort);
    return pool.preparedQuery(sql).execute(filterParams(filter).addLong(afterId).addInteger(limit))
        .map(rows -> Rows.list(rows, PgOrderRepository::order));
  }

  public Future<Long> count(OrderFilter filter) {
    return pool.preparedQuery(OrderSql.COUNT).execute(filterParams(filter))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Tuple filterParams(OrderFilter filter) {
    return Tuple.tuple()
        .addArrayOfString(filter.statuses() == null ? null
            : filter.statuses().stream().map(Enum::name).toArray(String[]::new))
        .addLong(filter.channelId())
        .addOffsetDateTime(filter.placedAfter() == null ? null : filter.placedAfter().atOffset(ZoneOffset.UTC))
        .addOffsetDateTime(filter.placedBefore() == null ? null : filter.placedBefore().atOffset(ZoneOffset.UTC))
        .addString(filter.customerEmail())
        .addString(filter.sku())
        .addLong(filter.locationId());
  }

  public Future<Map<Long, List<OrderLine>>> linesByOrders(Set<Long> orderIds) {
    return linesByOrders(pool, orderIds);
  }

  public Future<Map<Long, List<FulfillmentOrder>>> fulfillmentByOrders(Set<Long> orderIds) {
    return fulfillment(pool, OrderSql.FULFILLMENT_BY_ORDERS, orderIds)
        .map(list -> group(list, FulfillmentOrder::orderId));
  }

  public Future<Map<Long, FulfillmentOrder>> fulfillmentByIds(Collection<Long> ids) {
    return fulfillment(pool, OrderSql.FULFILLMENT_BY_IDS, ids).map(list -> {
      Map<Long, FulfillmentOrder> byId = new LinkedHashMap<>();
      list.forEach(fo -> byId.put(fo.id(), fo));
      return byId;
    });
  }

  public Future<List<FulfillmentOrder>> queue(long locationId, long afterId, int limit) {
    return pool.preparedQuery(OrderSql.QUEUE).execute(Tuple.of(locationId, afterId, limit))
        .map(PgOrderRepository::fulfillmentOrders);
  }

  public Future<Long> queueSize(long locationId) {
    return pool.preparedQuery(OrderSql.QUEUE_COUNT).execute(Tuple.of(locationId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Map<Long, List<Shipment>>> shipmentsByOrders(Set<Long> orderIds) {
    return pool.preparedQuery(OrderSql.SHIPMENTS_BY_ORDERS).execute(Tuples.ofIds(orderIds))
        .map(rows -> group(shipments(rows), Shipment::orderId));
  }

  public Future<Map<Long, Shipment>> shipmentsByIds(Collection<Long> ids) {
    return shipmentsByIds(pool, ids);
  }

  private static Future<Map<Long, Shipment>> shipmentsByIds(SqlClient client, Collection<Long> ids) {
    return client.preparedQuery(OrderSql.SHIPMENTS_BY_IDS).execute(Tuples.ofIds(ids)).map(rows -> {
      Map<Long, Shipment> byId = new LinkedHashMap<>();
      shipments(rows).forEach(shipment -> byId.put(shipment.id(), shipment));
      return byId;
    });
  }

  public Future<Map<Long, List<HistoryEntry>>> historyByOrders(Set<Long> orderIds) {
    return pool.preparedQuery(OrderSql.HISTORY_BY_ORDERS).execute(Tuples.ofIds(orderIds))
        .map(rows -> Rows.group(rows, row -> new HistoryEntry(row.getLong("order_id"),
            status(row.getString("from_status")), status(row.getString("to_status")), row.getString("actor"),
            row.getString("reason"), Rows.instant(row, "created_at")), HistoryEntry::orderId));
  }

  /** The order with this number and customer e-mail (compared case-insensitively), for tracking. */
  public Future<Optional<Order>> byNumberAndEmail(String number, String email) {
    return pool.preparedQuery(OrderSql.BY_NUMBER_AND_EMAIL).execute(Tuple.of(number, email))
        .map(rows -> Rows.first(rows, PgOrderRepository::order));
  }

  public Future<Transitions> transitions() {
    return pool.preparedQuery(OrderSql.TRANSITIONS).execute().map(rows -> {
      Map<OrderStatus, Set<OrderStatus>> allowed = new EnumMap<>(OrderStatus.class);
      for (Row row : rows) {
        allowed.computeIfAbsent(OrderStatus.valueOf(row.getString(0)), k -> EnumSet.noneOf(OrderStatus.class))
            .add(OrderStatus.valueOf(row.getString(1)));
      }
      return new Transitions(allowed);
    });
  }

  public Future<List<Long>> expiredUnpaid(int limit) {
    return pool.preparedQuery(OrderSql.EXPIRED_UNPAID).execute(Tuple.of(limit))
        .map(rows -> Rows.list(rows, row -> row.getLong(0)));
  }

  public Future<Optional<Long>> idByExternalReference(long channelId, String reference) {
    return pool.preparedQuery(OrderSql.ID_BY_EXTERNAL_REFERENCE).execute(Tuple.of(channelId, reference))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  public Future<Optional<Long>> idByIdempotencyKey(long owner, String key) {
    return pool.preparedQuery(OrderSql.ID_BY_IDEMPOTENCY_KEY).execute(Tuple.of(owner, key))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  public Future<Optional<Long>> orderOfFulfillmentOrder(long id) {
    return pool.preparedQuery(OrderSql.ORDER_OF_FULFILLMENT).execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  public Future<Optional<Long>> orderOfShipment(long id) {
    return pool.preparedQuery(OrderSql.ORDER_OF_SHIPMENT).execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  // Writes.

  /**
   * Frees a cancelled order's external reference, so the same reference can be placed again: for
   * an import rolled back (the cancellation's history keeps the reference). Only CANCELLED orders.
   */
  public Future<Void> releaseExternalReference(long orderId) {
    return pool.preparedQuery(OrderSql.RELEASE_EXTERNAL_REFERENCE).execute(Tuple.of(orderId)).mapEmpty();
  }

  /**
   * Runs {@code change} on the order locked FOR UPDATE (with its lines and fulfilment orders) in
   * one transaction; the change writes through the {@link Writer} it is given.
   */
  public <T> Future<Optional<T>> withLockedOrder(long orderId, Function<Locked, Future<T>> change) {
    return pool.withTransaction(connection -> connection.preparedQuery(OrderSql.FOR_UPDATE).execute(Tuple.of(orderId))
        .compose(rows -> {
          Optional<Order> order = Rows.first(rows, PgOrderRepository::order);
          if (order.isEmpty()) {
            return Future.succeededFuture(Optional.<T>empty());
          }
          Set<Long> ids = Set.of(orderId);
          Future<Map<Long, List<OrderLine>>> lines = linesByOrders(connection, ids);
          return lines.compose(l -> fulfillment(connection, OrderSql.FULFILLMENT_BY_ORDERS, ids)
              .compose(fos -> change.apply(new Locked(new OrderState(order.get(), l.getOrDefault(orderId, List.of()),
                  fos), new Writer(connection))).map(Optional::ofNullable)));
        }));
  }

  /** An order locked for a change, and how to write the change. */
  public record Locked(OrderState state, Writer writer) {}

  /** Writes within the transaction that locked the order. */
  public static final class Writer {
    private final SqlConnection connection;

    Writer(SqlConnection connection) {
      this.connection = connection;
    }

    /** Writes a change set; stock rows in ascending pool order (the global lock order). */
    public Future<Void> apply(ChangeSet change, JsonObject routing) {
      List<Tuple> lines = change.lines().stream().map(line -> Tuple.of(line.orderId(), line.lineNo(),
          line.allocated(), line.shipped(), line.delivered(), line.cancelled())).toList();
      List<Tuple> foLines = change.fulfillmentLines().stream().map(line -> Tuple.of(line.fulfillmentOrderId(),
          line.lineNo(), line.quantity(), line.shipped(), line.cancelled())).toList();
      List<Tuple> statuses = change.fulfillmentStatuses().entrySet().stream().map(entry -> Tuple.of(entry.getKey(),
          entry.getValue().status(), entry.getValue().heldFrom())).toList();
      List<StockDelta> stock = new ArrayList<>(change.stock());
      stock.sort(Comparator.comparingLong(StockDelta::variantId).thenComparingLong(StockDelta::locationId));
      List<Tuple> stockRows = stock.stream().map(delta -> Tuple.tuple().addLong(delta.variantId())
          .addLong(delta.locationId()).addInteger(delta.onHand()).addInteger(delta.allocated())
          .addString(delta.kind()).addInteger(delta.quantity()).addString(change.reason())
          .addString(change.actor()).addString("order " + change.orderId())).toList();
      Future<Void> done = batch(OrderSql.UPDATE_LINE, lines)
          .compose(v -> batch(OrderSql.UPDATE_FULFILLMENT_LINE, foLines))
          .compose(v -> batch(OrderSql.UPDATE_FULFILLMENT_STATUS, statuses))
          .compose(v -> addUnits(change.orderId(), change.added()))
          .compose(v -> batch(OrderSql.CHANGE_STOCK, stockRows))
          .compose(v -> connection.preparedQuery(OrderSql.UPDATE_ORDER).execute(Tuple.tuple()
              .addLong(change.orderId()).addString(change.to().name())
              .addString(change.heldFrom() == null ? null : change.heldFrom().name())
              .addString(change.holdReason()).addString(change.paymentStatus()).addValue(routing)))
          .mapEmpty();
      if (change.from() != change.to() || change.history()) {
        done = done.compose(v -> connection.preparedQuery(OrderSql.INSERT_HISTORY).execute(Tuple.of(change.orderId(),
            change.from().name(), change.to().name(), change.actor(), change.reason()))).mapEmpty();
      }
      return done;
    }

    private Future<Void> addUnits(long orderId, List<AddedUnits> added) {
      Future<Void> done = Future.succeededFuture();
      for (AddedUnits units : added) {
        done = done.compose(v -> connection.preparedQuery(OrderSql.UPSERT_FULFILLMENT_ORDER)
            .execute(Tuple.of(orderId, units.locationId()))
            .compose(rows -> connection.preparedQuery(OrderSql.ADD_FULFILLMENT_LINE).execute(Tuple.of(
                rows.iterator().next().getLong(0), orderId, units.lineNo(), units.variantId(), units.quantity())))
            .mapEmpty());
      }
      return done;
    }

    /** Inserts a shipment of these lines (line number to units); completes with its id. */
    public Future<Long> insertShipment(long orderId, long fulfillmentOrderId, String carrier, String service,
        String trackingNumber, Map<Integer, Integer> lines) {
      return connection.preparedQuery(OrderSql.INSERT_SHIPMENT)
          .execute(Tuple.of(orderId, fulfillmentOrderId, carrier, service, trackingNumber))
          .compose(rows -> {
            long id = rows.iterator().next().getLong(0);
            List<Tuple> tuples = lines.entrySet().stream().map(e -> Tuple.of(id, e.getKey(), e.getValue())).toList();
            return batch(OrderSql.INSERT_SHIPMENT_LINE, tuples).map(v -> id);
          });
    }

    /** Marks a shipment delivered; false when it was not SHIPPED. */
    public Future<Boolean> deliverShipment(long shipmentId) {
      return connection.preparedQuery(OrderSql.DELIVER_SHIPMENT).execute(Tuple.of(shipmentId))
          .map(rows -> rows.rowCount() == 1);
    }

    public Future<Optional<Shipment>> shipment(long id) {
      return shipmentsByIds(connection, List.of(id)).map(found -> Optional.ofNullable(found.get(id)));
    }

    private Future<Void> batch(String sql, List<Tuple> tuples) {
      return tuples.isEmpty() ? Future.succeededFuture()
          : connection.preparedQuery(sql).executeBatch(tuples).mapEmpty();
    }
  }

  // Row mapping.

  private static Future<Map<Long, List<OrderLine>>> linesByOrders(SqlClient client, Set<Long> orderIds) {
    return client.preparedQuery(OrderSql.LINES_BY_ORDERS).execute(Tuples.ofIds(orderIds))
        .map(rows -> Rows.group(rows, PgOrderRepository::line, OrderLine::orderId));
  }

  private static Future<List<FulfillmentOrder>> fulfillment(SqlClient client, String sql, Collection<Long> ids) {
    return client.preparedQuery(sql).execute(Tuples.ofIds(ids)).map(PgOrderRepository::fulfillmentOrders);
  }

  /** Folds the joined rows (one per fulfilment order line) into fulfilment orders, in row order. */
  private static List<FulfillmentOrder> fulfillmentOrders(RowSet<Row> rows) {
    Map<Long, FulfillmentOrder> byId = new LinkedHashMap<>();
    for (Row row : rows) {
      long id = row.getLong("id");
      FulfillmentOrder fo = byId.computeIfAbsent(id, k -> new FulfillmentOrder(id, row.getLong("order_id"),
          row.getLong("location_id"), row.getString("status"), row.getString("held_from"), row.getDouble("priority"),
          Rows.instant(row, "created_at"), new ArrayList<>()));
      fo.lines().add(new FulfillmentOrderLine(id, row.getInteger("line_no"), row.getLong("variant_id"),
          row.getString("sku"), row.getInteger("quantity"), row.getInteger("quantity_shipped"),
          row.getInteger("quantity_cancelled")));
    }
    return new ArrayList<>(byId.values());
  }

  private static List<Shipment> shipments(RowSet<Row> rows) {
    Map<Long, Shipment> byId = new LinkedHashMap<>();
    for (Row row : rows) {
      long id = row.getLong("id");
      Shipment shipment = byId.computeIfAbsent(id, k -> new Shipment(id, row.getLong("order_id"),
          row.getLong("fulfillment_order_id"), row.getLong("location_id"), row.getString("carrier"),
          row.getString("service"), row.getString("tracking_number"), row.getString("status"),
          Rows.instant(row, "shipped_at"), Rows.instant(row, "delivered_at"), new ArrayList<>()));
      shipment.lines().add(new ShipmentLine(row.getInteger("line_no"), row.getString("sku"), row.getString("title"),
          row.getInteger("quantity")));
    }
    return new ArrayList<>(byId.values());
  }

  private static <K, T> Map<K, List<T>> group(List<T> items, Function<T, K> key) {
    Map<K, List<T>> grouped = new LinkedHashMap<>();
    items.forEach(item -> grouped.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item));
    return grouped;
  }

  static Order order(Row row) {
    return new Order(row.getLong("id"), row.getString("number"), row.getLong("channel_id"),
        OrderStatus.valueOf(row.getString("status")), status(row.getString("held_from")), row.getString("hold_reason"),
        row.getString("payment_status"), Rows.instant(row, "pay_by"), row.getString("source"),
        new CustomerInfo(row.getString("customer_email"), row.getString("customer_name"),
            row.getString("customer_phone"), row.getString("tier")),
        row.getString("customer_ref"), address(json(row, "shipping_address")),
        address(json(row, "billing_address")), row.getString("shipping_method"),
        row.getString("shipping_speed"), row.getLong("pickup_location_id"), row.getString("external_reference"),
        row.getString("note"), row.getString("currency_code"), row.getLong("subtotal_minor"),
        row.getLong("discount_minor"), row.getLong("shipping_minor"), row.getLong("tax_minor"),
        row.getLong("total_minor"), Rows.instant(row, "promised_at"), row.getDouble("priority"),
        row.getString("priority_explained"), json(row, "routing"), row.getLong("reservation_id"),
        Rows.instant(row, "placed_at"), Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
  }

  private static OrderLine line(Row row) {
    return new OrderLine(row.getLong("order_id"), row.getInteger("line_no"), row.getLong("variant_id"),
        row.getString("sku"), row.getString("title"), row.getString("currency_code"), row.getLong("unit_price_minor"),
        row.getLong("discount_minor"), row.getBigDecimal("tax_rate_percent"), row.getLong("tax_minor"),
        row.getLong("total_minor"), row.getInteger("quantity_ordered"), row.getInteger("quantity_allocated"),
        row.getInteger("quantity_shipped"), row.getInteger("quantity_delivered"), row.getInteger("quantity_cancelled"));
  }

  /** A jsonb column's object; JSON null and SQL NULL both read as null. */
  static JsonObject json(Row row, String column) {
    Object value = row.getValue(column);
    return value instanceof JsonObject object ? object : null;
  }

  private static OrderStatus status(String value) {
    return value == null ? null : OrderStatus.valueOf(value);
  }

  /** Addresses are stored as JSON with the GraphQL field names. */
  public static JsonObject json(Address address) {
    if (address == null) {
      return null;
    }
    return new JsonObject().put("name", address.name()).put("company", address.company())
        .put("line1", address.line1()).put("line2", address.line2()).put("city", address.city())
        .put("region", address.region()).put("postalCode", address.postalCode())
        .put("countryCode", address.countryCode()).put("phone", address.phone());
  }

  static Address address(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new Address(json.getString("name"), json.getString("company"), json.getString("line1"),
        json.getString("line2"), json.getString("city"), json.getString("region"), json.getString("postalCode"),
        json.getString("countryCode"), json.getString("phone"));
  }

  static OffsetDateTime utc(java.time.Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
