package io.surge.inventory.persistence;

/** Reads of reservations (the writes are the journal's one statement, {@link JournalSql}). */
final class ReservationSql {
  private ReservationSql() {}

  static final String BY_ID = """
      SELECT r.id, r.channel_id, r.customer_ref, r.status, r.expires_at, r.created_at,
             l.line_no, l.variant_id, v.sku, l.location_id, l.quantity
      FROM reservation r
      JOIN reservation_lines l ON l.reservation_id = r.id
      JOIN variant v ON v.id = l.variant_id
      WHERE r.id = $1
      ORDER BY l.line_no""";

  static final String ID_BY_IDEMPOTENCY_KEY =
      "SELECT id FROM reservation WHERE key_owner = $1 AND idempotency_key = $2";

  static final String ACTIVE_EXPIRIES =
      "SELECT id, expires_at FROM reservation WHERE status = 'ACTIVE'";

  /** Active reservations past their expiry by more than a grace period: left behind by a node. */
  static final String OVERDUE = """
      SELECT id FROM reservation
      WHERE status = 'ACTIVE' AND expires_at < now() - $1::int * interval '1 second'
      ORDER BY expires_at LIMIT $2""";

  /** Units a customer holds: in active reservations, and on orders (not cancelled). */
  static final String ACTIVE_UNITS_FOR_CUSTOMER = """
      SELECT (SELECT coalesce(sum(l.quantity), 0)
              FROM reservation_lines l
              WHERE l.status = 'ACTIVE' AND l.customer_ref = $1 AND l.variant_id = $2)
           + (SELECT coalesce(sum(l.quantity_ordered - l.quantity_cancelled), 0)
              FROM sales_order o JOIN order_line l ON l.order_id = o.id
              WHERE o.customer_ref = $1 AND l.variant_id = $2)""";

  /** Whether any of the reservations $1 exists (an in-doubt batch committed if so: all or none). */
  static final String ANY_STORED = "SELECT EXISTS (SELECT 1 FROM reservation WHERE id = ANY($1))";
}
