package io.surge.inventory.persistence;

/**
 * The one statement that writes a whole batch of reservation changes: a call of the
 * {@code surge_write_reservation_batch} function (migrations V003, V010). One statement, not a
 * transaction of several: it commits or fails as a whole with a single round trip, and nothing
 * can be committed half-way (the prototype's trap: a COMMIT pipelined behind a statement that
 * failed on the client side left the stock counter moved with no reservation rows). The function
 * moves each stock counter once per pool per batch, by primary key, and refuses a pool without a
 * stock row; its inner statements are planned once per connection, not at every batch.
 */
final class JournalSql {
  private JournalSql() {}

  static final String FLUSH = "SELECT outcome, reservation_id, variant_id, location_id, quantity, customer_ref"
      + " FROM surge_write_reservation_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
      + " $17, $18, $19)";

  /** Waits until no batch of node $1 is in a transaction (the lock each batch holds, migrations V009, V010). */
  static final String WAIT_FOR_WRITER =
      "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('surge-journal:' || $1, 0))) locked";

  /** Places a batch's orders (function {@code surge_place_orders}, migration V005): one row per order, in order. */
  static final String PLACE_ORDERS = "SELECT idx, outcome, order_id, order_number FROM surge_place_orders($1::jsonb) ORDER BY idx";

  /** A block of 1,000 reservation ids starts at the value returned (the sequence steps by 1,000). */
  static final String NEXT_ID_BLOCK = "SELECT nextval('reservation_id_seq')";
}
