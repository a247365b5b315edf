package io.surge.orders.persistence;

/** The SQL of staff draft orders, each statement named and prepared. */
final class DraftOrderSql {
  private DraftOrderSql() {}

  static final String COLUMNS = """
      d.id, d.channel_id, d.status, d.currency_code, d.customer_email, d.customer_name, d.customer_phone,
      coalesce(c.tier, 'STANDARD') AS tier, d.shipping_address, d.billing_address, d.shipping_method,
      d.shipping_speed, d.pickup_location_id, d.note, d.lines, d.shipping_price_minor, d.promised_at, d.version,
      d.confirming_since, d.order_id, d.created_at, d.updated_at, d.completed_at""";

  private static final String FROM = " FROM draft_order d LEFT JOIN customer c ON lower(c.email) = lower(d.customer_email)";

  static final String BY_IDS = "SELECT " + COLUMNS + FROM + " WHERE d.id = ANY($1)";

  /** A page, newest first; $1 a status or null, $2 the cursor's draft id (0 for the first page). */
  static final String PAGE = "SELECT " + COLUMNS + FROM + """
       WHERE ($1::text IS NULL OR d.status = $1) AND ($2::bigint = 0 OR d.id < $2)
      ORDER BY d.id DESC LIMIT $3""";

  static final String COUNT = "SELECT count(*) FROM draft_order d WHERE ($1::text IS NULL OR d.status = $1)";

  /** The editable fields ($1..$14, see {@link PgDraftOrderRepository#fields}) and who made the draft. */
  static final String INSERT = """
      INSERT INTO draft_order (channel_id, currency_code, customer_email, customer_name, customer_phone,
        shipping_address, billing_address, shipping_method, shipping_speed, pickup_location_id, note, lines,
        shipping_price_minor, promised_at, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id""";

  /**
   * Saves edited fields ($1..$14) over draft $15 if it is still at version $16, OPEN and not
   * being confirmed: an edit made from a stale read changes nothing.
   */
  static final String UPDATE = """
      UPDATE draft_order SET channel_id = $1, currency_code = $2, customer_email = $3, customer_name = $4,
        customer_phone = $5, shipping_address = $6, billing_address = $7, shipping_method = $8,
        shipping_speed = $9, pickup_location_id = $10, note = $11, lines = $12, shipping_price_minor = $13,
        promised_at = $14, version = version + 1, updated_at = now()
      WHERE id = $15 AND version = $16 AND status = 'OPEN' AND confirming_since IS NULL""";

  static final String DELETE = """
      DELETE FROM draft_order WHERE id = $1 AND status = 'OPEN' AND confirming_since IS NULL""";

  /**
   * Claims an OPEN draft for confirmation. A claim older than $2 seconds is taken over: the node
   * that made it died mid-confirmation (confirming again finds its order, if it placed one).
   */
  static final String CLAIM = """
      UPDATE draft_order SET confirming_since = now()
      WHERE id = $1 AND status = 'OPEN'
        AND (confirming_since IS NULL OR confirming_since < now() - make_interval(secs => $2))
      RETURNING id""";

  static final String COMPLETE = """
      UPDATE draft_order SET status = 'COMPLETED', order_id = $2, confirming_since = NULL, completed_at = now(),
        updated_at = now()
      WHERE id = $1""";

  /** Ends a confirmation that placed nothing; the next one uses a new idempotency key. */
  static final String UNCLAIM = """
      UPDATE draft_order SET confirming_since = NULL, version = version + 1 WHERE id = $1 AND status = 'OPEN'""";
}
