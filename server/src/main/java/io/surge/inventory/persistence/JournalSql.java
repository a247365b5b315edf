package io.surge.inventory.persistence;

/**
 * The one statement that writes a whole batch of reservation changes. One statement, not a
 * transaction of several: it commits or fails as a whole with a single round trip, and nothing
 * can be committed half-way (the prototype's trap: a COMMIT pipelined behind a statement that
 * failed on the client side left the stock counter moved with no reservation rows).
 *
 * <p>The stock counters move once per pool per batch, and so does the ledger: one RESERVE row
 * (and one RELEASE or EXPIRE row) per pool per batch, with the sum and the range of reservation
 * ids; the reservation rows hold the detail. This keeps the statement's cost per reservation at
 * two small inserts. The stock counters move once per pool per batch. The statement checks that every pool it
 * moves has a stock row (surge_assert), so a batch touching an unknown pool fails as a whole.
 */
final class JournalSql {
  private JournalSql() {}

  static final String FLUSH = """
      WITH new_reservations AS (
        INSERT INTO reservation (id, channel_id, customer_ref, status, expires_at, node_id, key_owner, idempotency_key)
        SELECT id, channel_id, customer_ref, 'ACTIVE', expires_at, $5, key_owner, idempotency_key
        FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $6::bigint[], $7::text[])
          AS t(id, channel_id, customer_ref, expires_at, key_owner, idempotency_key)
      ),
      new_lines AS (
        INSERT INTO reservation_line (reservation_id, line_no, variant_id, location_id, quantity)
        SELECT * FROM unnest($8::bigint[], $9::int[], $10::bigint[], $11::bigint[], $12::int[])
      ),
      ended AS (
        UPDATE reservation r SET status = t.status, ended_at = now()
        FROM unnest($13::bigint[], $14::text[]) AS t(id, status)
        WHERE r.id = t.id AND r.status = 'ACTIVE'
        RETURNING r.id, r.status, r.customer_ref
      ),
      ended_lines AS (
        SELECT l.reservation_id, l.variant_id, l.location_id, l.quantity, e.status, e.customer_ref
        FROM reservation_line l JOIN ended e ON e.id = l.reservation_id
      ),
      deltas AS (
        SELECT variant_id, location_id, sum(quantity)::int AS delta
        FROM (SELECT variant_id, location_id, quantity
              FROM unnest($10::bigint[], $11::bigint[], $12::int[]) AS n(variant_id, location_id, quantity)
              UNION ALL
              SELECT variant_id, location_id, -quantity FROM ended_lines) AS changes
        GROUP BY variant_id, location_id
      ),
      stock_update AS (
        UPDATE stock s SET reserved = s.reserved + d.delta, updated_at = now()
        FROM deltas d
        WHERE s.variant_id = d.variant_id AND s.location_id = d.location_id AND d.delta <> 0
        RETURNING s.variant_id
      ),
      ledger AS (
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
        SELECT variant_id, location_id, 'RESERVE', sum(quantity)::int,
               'reservations ' || min(reservation_id) || '..' || max(reservation_id) || ' (' || count(*) || ')'
        FROM unnest($10::bigint[], $11::bigint[], $12::int[], $8::bigint[])
          AS n(variant_id, location_id, quantity, reservation_id)
        GROUP BY variant_id, location_id
        UNION ALL
        SELECT variant_id, location_id, CASE status WHEN 'EXPIRED' THEN 'EXPIRE' ELSE 'RELEASE' END,
               -sum(quantity)::int,
               'reservations ' || min(reservation_id) || '..' || max(reservation_id) || ' (' || count(*) || ')'
        FROM ended_lines
        GROUP BY variant_id, location_id, status
      ),
      extended AS (
        UPDATE reservation r SET expires_at = t.expires_at
        FROM unnest($15::bigint[], $16::timestamptz[]) AS t(id, expires_at)
        WHERE r.id = t.id AND r.status = 'ACTIVE'
        RETURNING r.id
      )
      SELECT 'ENDED' AS outcome, reservation_id, variant_id, location_id, quantity, customer_ref FROM ended_lines
      UNION ALL
      SELECT 'EXTENDED', id, 0, 0, 0, NULL FROM extended
      UNION ALL
      SELECT 'CHECKED', 0, 0, 0, 0, NULL
      WHERE surge_assert((SELECT count(*) FROM stock_update) = (SELECT count(*) FROM deltas WHERE delta <> 0),
                         'a reservation batch touched a pool without a stock row')
      """;

  /** A block of 1,000 reservation ids starts at the value returned (the sequence steps by 1,000). */
  static final String NEXT_ID_BLOCK = "SELECT nextval('reservation_id_seq')";
}
