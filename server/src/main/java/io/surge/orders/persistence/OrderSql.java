package io.surge.orders.persistence;

import io.surge.orders.domain.OrderSort;
import java.util.EnumMap;
import java.util.Map;

/** The orders domain's SQL, each statement named and prepared. */
final class OrderSql {
  private OrderSql() {}

  static final String ORDER_COLUMNS = """
      o.id, o.number, o.channel_id, o.status, o.held_from, o.hold_reason, o.payment_status, o.pay_by,
      o.source, o.customer_email, o.customer_name, o.customer_phone, coalesce(c.tier, 'STANDARD') AS tier,
      o.customer_ref, o.shipping_address, o.billing_address, o.shipping_method, o.shipping_speed,
      o.pickup_location_id, o.external_reference, o.note, o.currency_code, o.subtotal_minor,
      o.discount_minor, o.shipping_minor, o.tax_minor, o.total_minor, o.promised_at, o.priority,
      o.priority_explained, o.routing, o.reservation_id, o.placed_at, o.created_at, o.updated_at""";

  static final String BY_IDS = "SELECT " + ORDER_COLUMNS
      + " FROM sales_order o LEFT JOIN customer c ON c.id = o.customer_id WHERE o.id = ANY($1)";

  static final String FOR_UPDATE = "SELECT " + ORDER_COLUMNS
      + " FROM sales_order o LEFT JOIN customer c ON c.id = o.customer_id WHERE o.id = $1 FOR UPDATE OF o";

  /** The filter of the orders list; $1..$7 as in {@link PgOrderRepository#filterParams}. */
  private static final String FILTER = """
      ($1::text[] IS NULL OR o.status = ANY($1))
      AND ($2::bigint IS NULL OR o.channel_id = $2)
      AND ($3::timestamptz IS NULL OR o.placed_at >= $3)
      AND ($4::timestamptz IS NULL OR o.placed_at < $4)
      AND ($5::text IS NULL OR lower(o.customer_email) = lower($5))
      AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.sku = $6))
      AND ($7::bigint IS NULL OR EXISTS (SELECT 1 FROM fulfillment_order f WHERE f.order_id = o.id AND f.location_id = $7))""";

  static final String COUNT = "SELECT count(*) FROM sales_order o WHERE " + FILTER;

  /**
   * One page per sort key and direction. The cursor is an order id ($8, 0 for none); keyset
   * pagination compares (sort value, id) with the cursor order's, so the cursor stays one number.
   */
  static final Map<OrderSort, String> PAGE_DESC = new EnumMap<>(OrderSort.class);
  static final Map<OrderSort, String> PAGE_ASC = new EnumMap<>(OrderSort.class);

  static {
    Map<OrderSort, String> columns = Map.of(OrderSort.PLACED_AT, "o.placed_at", OrderSort.NUMBER, "o.id",
        OrderSort.TOTAL, "o.total_minor", OrderSort.PRIORITY, "o.priority");
    columns.forEach((sort, column) -> {
      for (boolean descending : new boolean[] {true, false}) {
        String cmp = descending ? "<" : ">";
        String dir = descending ? "DESC" : "ASC";
        String sql = "SELECT " + ORDER_COLUMNS + " FROM sales_order o LEFT JOIN customer c ON c.id = o.customer_id"
            + " WHERE " + FILTER
            + " AND ($8::bigint = 0 OR (" + column + ", o.id) " + cmp
            + " (SELECT " + column.replace("o.", "k.") + ", k.id FROM sales_order k WHERE k.id = $8))"
            + " ORDER BY " + column + " " + dir + ", o.id " + dir + " LIMIT $9";
        (descending ? PAGE_DESC : PAGE_ASC).put(sort, sql);
      }
    });
  }

  static final String LINES_BY_ORDERS = """
      SELECT l.order_id, l.line_no, l.variant_id, l.sku, l.title, o.currency_code, l.unit_price_minor,
             l.discount_minor, l.tax_rate_percent, l.tax_minor, l.total_minor, l.quantity_ordered,
             l.quantity_allocated, l.quantity_shipped, l.quantity_delivered, l.quantity_cancelled
      FROM order_line l JOIN sales_order o ON o.id = l.order_id
      WHERE l.order_id = ANY($1) ORDER BY l.order_id, l.line_no""";

  static final String FULFILLMENT_COLUMNS = """
      f.id, f.order_id, f.location_id, f.status, f.held_from, f.priority, f.created_at,
      fl.line_no, fl.variant_id, ol.sku, fl.quantity, fl.quantity_shipped, fl.quantity_cancelled""";

  static final String FULFILLMENT_BY_ORDERS = "SELECT " + FULFILLMENT_COLUMNS + """
       FROM fulfillment_order f
      JOIN fulfillment_order_line fl ON fl.fulfillment_order_id = f.id
      JOIN order_line ol ON ol.order_id = fl.order_id AND ol.line_no = fl.line_no
      WHERE f.order_id = ANY($1) ORDER BY f.order_id, f.id, fl.line_no""";

  static final String FULFILLMENT_BY_IDS = "SELECT " + FULFILLMENT_COLUMNS + """
       FROM fulfillment_order f
      JOIN fulfillment_order_line fl ON fl.fulfillment_order_id = f.id
      JOIN order_line ol ON ol.order_id = fl.order_id AND ol.line_no = fl.line_no
      WHERE f.id = ANY($1) ORDER BY f.order_id, f.id, fl.line_no""";

  /** The pick queue of a location: highest priority first; the cursor is a fulfilment order id ($2, 0 for none). */
  static final String QUEUE = "SELECT " + FULFILLMENT_COLUMNS + """
       FROM (SELECT q.* FROM fulfillment_order q
             WHERE q.location_id = $1 AND q.status IN ('OPEN', 'IN_PROGRESS')
               AND ($2::bigint = 0 OR (q.priority, q.id) < (SELECT p.priority, p.id FROM fulfillment_order p WHERE p.id = $2))
             ORDER BY q.priority DESC, q.id DESC LIMIT $3) f
      JOIN fulfillment_order_line fl ON fl.fulfillment_order_id = f.id
      JOIN order_line ol ON ol.order_id = fl.order_id AND ol.line_no = fl.line_no
      ORDER BY f.priority DESC, f.id DESC, fl.line_no""";

  static final String QUEUE_COUNT =
      "SELECT count(*) FROM fulfillment_order WHERE location_id = $1 AND status IN ('OPEN', 'IN_PROGRESS')";

  static final String SHIPMENT_COLUMNS = """
      s.id, s.order_id, s.fulfillment_order_id, f.location_id, s.carrier, s.service, s.tracking_number, s.status,
      s.shipped_at, s.delivered_at, sl.line_no, ol.sku, ol.title, sl.quantity""";

  static final String SHIPMENTS_BY_ORDERS = "SELECT " + SHIPMENT_COLUMNS + """
       FROM shipment s
      JOIN fulfillment_order f ON f.id = s.fulfillment_order_id
      JOIN shipment_line sl ON sl.shipment_id = s.id
      JOIN order_line ol ON ol.order_id = s.order_id AND ol.line_no = sl.line_no
      WHERE s.order_id = ANY($1) ORDER BY s.order_id, s.id, sl.line_no""";

  static final String SHIPMENTS_BY_IDS = "SELECT " + SHIPMENT_COLUMNS + """
       FROM shipment s
      JOIN fulfillment_order f ON f.id = s.fulfillment_order_id
      JOIN shipment_line sl ON sl.shipment_id = s.id
      JOIN order_line ol ON ol.order_id = s.order_id AND ol.line_no = sl.line_no
      WHERE s.id = ANY($1) ORDER BY s.order_id, s.id, sl.line_no""";

  static final String HISTORY_BY_ORDERS = """
      SELECT order_id, from_status, to_status, actor, reason, created_at FROM order_history
      WHERE order_id = ANY($1) ORDER BY order_id, id""";

  static final String BY_NUMBER_AND_EMAIL = "SELECT " + ORDER_COLUMNS
      + " FROM sales_order o LEFT JOIN customer c ON c.id = o.customer_id"
      + " WHERE o.number = $1 AND lower(o.customer_email) = lower($2)";

  static final String TRANSITIONS = "SELECT from_status, to_status FROM order_transition";

  static final String EXPIRED_UNPAID = """
      SELECT id FROM sales_order WHERE status = 'PENDING' AND payment_status = 'UNPAID' AND pay_by < now()
      ORDER BY pay_by LIMIT $1""";

  static final String ID_BY_EXTERNAL_REFERENCE =
      "SELECT id FROM sales_order WHERE channel_id = $1 AND external_reference = $2";

  static final String RELEASE_EXTERNAL_REFERENCE = """
      UPDATE sales_order SET external_reference = NULL, updated_at = now() WHERE id = $1 AND status = 'CANCELLED'""";

  static final String ID_BY_IDEMPOTENCY_KEY =
      "SELECT id FROM sales_order WHERE key_owner = $1 AND idempotency_key = $2";

  // Placement lookups.

  static final String CHANNEL_FOR_ORDERS = """
      SELECT c.id, c.currency_code, c.active, c.unpaid_order_ttl_minutes, c.priority_weight_value,
             c.priority_weight_tier, c.priority_weight_promise, c.priority_weight_speed,
             l.id AS location_id, l.code, l.latitude, l.longitude, l.address_country_code, l.address_region,
             l.ships, l.pickup, l.active AS location_active, l.daily_capacity, l.cutoff_time, l.time_zone,
             l.shipping_cost_minor
      FROM channel c
      LEFT JOIN channel_location cl ON cl.channel_id = c.id
      LEFT JOIN location l ON l.id = cl.location_id
      WHERE c.id = $1 ORDER BY cl.position, l.id""";

  static final String FULFILLMENT_ORDERS_TODAY = """
      SELECT location_id, count(*)::int FROM fulfillment_order
      WHERE created_at >= date_trunc('day', now()) GROUP BY location_id""";

  static final String VARIANTS_FOR_ORDER = """
      SELECT v.id, v.sku, p.title || ' - ' || v.title AS title, v.tax_class, v.active AND p.active AS active,
             pr.amount_minor
      FROM variant v JOIN product p ON p.id = v.product_id
      LEFT JOIN variant_price pr ON pr.variant_id = v.id AND pr.currency_code = $2
      WHERE v.sku = ANY($1)""";

  static final String TAX_RATES = "SELECT tax_class, rate_percent FROM tax_rate WHERE country_code = $1";

  static final String CUSTOMER_TIER = "SELECT tier FROM customer WHERE lower(email) = lower($1)";

  static final String LOCATION_COUNTRY = "SELECT address_country_code, address_region, pickup, active FROM location WHERE id = $1";

  // Writes of a change set, in the transaction that locked the order.

  static final String UPDATE_LINE = """
      UPDATE order_line SET quantity_allocated = $3, quantity_shipped = $4, quantity_delivered = $5,
        quantity_cancelled = $6 WHERE order_id = $1 AND line_no = $2""";

  static final String UPDATE_FULFILLMENT_LINE = """
      UPDATE fulfillment_order_line SET quantity = $3, quantity_shipped = $4, quantity_cancelled = $5
      WHERE fulfillment_order_id = $1 AND line_no = $2""";

  static final String UPDATE_FULFILLMENT_STATUS = """
      UPDATE fulfillment_order SET status = $2, held_from = $3, updated_at = now() WHERE id = $1""";

  /** A location's fulfilment order of the order, made if missing, reopened if it was done. */
  static final String UPSERT_FULFILLMENT_ORDER = """
      INSERT INTO fulfillment_order AS f (order_id, location_id, status, priority)
      SELECT $1, $2, 'OPEN', o.priority FROM sales_order o WHERE o.id = $1
      ON CONFLICT (order_id, location_id) DO UPDATE
        SET status = CASE WHEN f.status IN ('SHIPPED', 'CANCELLED') THEN 'OPEN' ELSE f.status END, updated_at = now()
      RETURNING f.id""";

  static final String ADD_FULFILLMENT_LINE = """
      INSERT INTO fulfillment_order_line AS fl (fulfillment_order_id, order_id, line_no, variant_id, quantity)
      VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (fulfillment_order_id, line_no) DO UPDATE SET quantity = fl.quantity + EXCLUDED.quantity""";

  /** Changes a pool's counters and writes its ledger row, in one statement. */
  static final String CHANGE_STOCK = """
      WITH changed AS (
        UPDATE stock SET on_hand = on_hand + $3, allocated = allocated + $4, updated_at = now()
        WHERE variant_id = $1 AND location_id = $2 RETURNING variant_id, location_id)
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reason, actor, reference)
      SELECT variant_id, location_id, $5, $6, $7, $8, $9 FROM changed""";

  static final String UPDATE_ORDER = """
      UPDATE sales_order SET status = $2, held_from = $3, hold_reason = $4, payment_status = $5,
        routing = coalesce($6::jsonb, routing), updated_at = now()
      WHERE id = $1""";

  static final String INSERT_HISTORY = """
      INSERT INTO order_history (order_id, from_status, to_status, actor, reason) VALUES ($1, $2, $3, $4, $5)""";

  static final String INSERT_SHIPMENT = """
      INSERT INTO shipment (order_id, fulfillment_order_id, carrier, service, tracking_number, status)
      VALUES ($1, $2, $3, $4, $5, 'SHIPPED') RETURNING id""";

  static final String INSERT_SHIPMENT_LINE = "INSERT INTO shipment_line (shipment_id, line_no, quantity) VALUES ($1, $2, $3)";

  static final String DELIVER_SHIPMENT = """
      UPDATE shipment SET status = 'DELIVERED', delivered_at = now() WHERE id = $1 AND status = 'SHIPPED'""";

  static final String ORDER_OF_FULFILLMENT = "SELECT order_id FROM fulfillment_order WHERE id = $1";

  static final String ORDER_OF_SHIPMENT = "SELECT order_id FROM shipment WHERE id = $1";
}
