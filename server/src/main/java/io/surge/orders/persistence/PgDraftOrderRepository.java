package io.surge.orders.persistence;

import io.surge.infra.pg.Rows;
import io.surge.infra.pg.Tuples;
import io.surge.orders.domain.DraftFields;
import io.surge.orders.domain.DraftOrder;
import io.surge.orders.domain.DraftOrderStatus;
import io.surge.orders.domain.PlaceOrderRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Staff draft orders in PostgreSQL. Every change is one conditional statement (an OPEN draft, not
 * being confirmed, at the version the change was made from), so concurrent edits and
 * confirmations never overwrite each other; the caller learns whether it applied. Thread-safe.
 */
public final class PgDraftOrderRepository {
  private final Pool pool;

  public PgDraftOrderRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Long> insert(DraftFields fields, String currency, String createdBy) {
    return pool.preparedQuery(DraftOrderSql.INSERT).execute(fields(fields, currency).addString(createdBy))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Map<Long, DraftOrder>> byIds(Collection<Long> ids) {
    return pool.preparedQuery(DraftOrderSql.BY_IDS).execute(Tuples.ofIds(ids))
        .map(rows -> Rows.index(rows, PgDraftOrderRepository::draft, DraftOrder::id));
  }

  public Future<Optional<DraftOrder>> byId(long id) {
    return byIds(List.of(id)).map(found -> Optional.ofNullable(found.get(id)));
  }

  /** {@code limit} drafts older than draft {@code afterId} (0 for the newest), of a status or all. */
  public Future<List<DraftOrder>> page(DraftOrderStatus status, long afterId, int limit) {
    return pool.preparedQuery(DraftOrderSql.PAGE)
        .execute(Tuple.tuple().addString(status == null ? null : status.name()).addLong(afterId).addInteger(limit))
        .map(rows -> Rows.list(rows, PgDraftOrderRepository::draft));
  }

  public Future<Long> count(DraftOrderStatus status) {
    return pool.preparedQuery(DraftOrderSql.COUNT).execute(Tuple.tuple().addString(status == null ? null : status.name()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Saves {@code fields} if the draft is still at {@code version}, OPEN and not being confirmed. */
  public Future<Boolean> update(long id, int version, DraftFields fields, String currency) {
    return pool.preparedQuery(DraftOrderSql.UPDATE).execute(fields(fields, currency).addLong(id).addInteger(version))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Deletes the draft if it is OPEN and not being confirmed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(DraftOrderSql.DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Marks an OPEN draft as being confirmed; false when it is not OPEN or another confirmation runs. */
  public Future<Boolean> claim(long id, int staleAfterSeconds) {
    return pool.preparedQuery(DraftOrderSql.CLAIM).execute(Tuple.of(id, (double) staleAfterSeconds))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The confirmation placed {@code orderId}: the draft is COMPLETED. */
  public Future<Void> complete(long id, long orderId) {
    return pool.preparedQuery(DraftOrderSql.COMPLETE).execute(Tuple.of(id, orderId)).mapEmpty();
  }

  /** The confirmation placed nothing: the draft is editable again, at a new version. */
  public Future<Void> unclaim(long id) {
    return pool.preparedQuery(DraftOrderSql.UNCLAIM).execute(Tuple.of(id)).mapEmpty();
  }

  /** $1..$14 of INSERT and UPDATE. Discounts and the shipping price are stored in the draft's currency. */
  private static Tuple fields(DraftFields fields, String currency) {
    PlaceOrderRequest.Customer customer = fields.customer();
    JsonArray lines = new JsonArray();
    for (PlaceOrderRequest.Line line : fields.lines()) {
      lines.add(new JsonObject().put("sku", line.sku()).put("quantity", line.quantity())
          .put("discount", line.discountMinor()));
    }
    return Tuple.tuple()
        .addLong(fields.channelId())
        .addString(currency)
        .addString(customer == null ? null : customer.email())
        .addString(customer == null ? null : customer.name())
        .addString(customer == null ? null : customer.phone())
        .addValue(PgOrderRepository.json(fields.shippingAddress()))
        .addValue(PgOrderRepository.json(fields.billingAddress()))
        .addString(fields.shippingMethod())
        .addString(fields.shippingSpeed())
        .addLong(fields.pickupLocationId())
        .addString(fields.note())
        .addValue(lines)
        .addLong(fields.shippingPriceMinor())
        .addOffsetDateTime(PgOrderRepository.utc(fields.promisedAt()));
  }

  private static DraftOrder draft(Row row) {
    String currency = row.getString("currency_code");
    List<PlaceOrderRequest.Line> lines = new ArrayList<>();
    Object stored = row.getValue("lines");
    if (stored instanceof JsonArray array) {
      for (Object item : array) {
        JsonObject line = (JsonObject) item;
        Long discount = line.getLong("discount");
        lines.add(new PlaceOrderRequest.Line(line.getString("sku"), line.getInteger("quantity"), discount,
            discount == null ? null : currency));
      }
    }
    String email = row.getString("customer_email");
    PlaceOrderRequest.Customer customer = email == null && row.getString("customer_name") == null
        ? null : new PlaceOrderRequest.Customer(email, row.getString("customer_name"), row.getString("customer_phone"));
    Long shipping = row.getLong("shipping_price_minor");
    DraftFields fields = new DraftFields(row.getLong("channel_id"), customer,
        PgOrderRepository.address(PgOrderRepository.json(row, "shipping_address")),
        PgOrderRepository.address(PgOrderRepository.json(row, "billing_address")), row.getString("shipping_method"),
        row.getString("shipping_speed"), row.getLong("pickup_location_id"), row.getString("note"), lines, shipping,
        shipping == null ? null : currency, Rows.instant(row, "promised_at"));
    return new DraftOrder(row.getLong("id"), DraftOrderStatus.valueOf(row.getString("status")), currency, fields,
        row.getString("tier"), row.getInteger("version"), Rows.instant(row, "confirming_since"),
        row.getLong("order_id"), Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"),
        Rows.instant(row, "completed_at"));
  }
}
