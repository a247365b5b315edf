-- The reservation journal's write, as one function call per batch: one statement for the client
-- (atomic, one round trip), with plans PL/pgSQL prepares once per connection instead of planning a
-- many-CTE statement at every batch. Stock rows are changed by primary key, once per pool per
-- batch (the net change); the ledger gets one row per pool per batch and kind (sum and id range).
-- Locks are taken in one global order (reservation rows by id, then stock rows by pool), so two
-- batches written at once cannot deadlock.
CREATE FUNCTION surge_write_reservation_batch(
  p_ids bigint[], p_channels bigint[], p_customers text[], p_expires timestamptz[], p_node text,
  p_owners bigint[], p_keys text[],
  p_line_reservations bigint[], p_line_numbers int[], p_line_variants bigint[],
  p_line_locations bigint[], p_line_quantities int[],
  p_end_ids bigint[], p_end_statuses text[],
  p_extend_ids bigint[], p_extend_expiries timestamptz[])
RETURNS TABLE (outcome text, reservation_id bigint, variant_id bigint, location_id bigint,
               quantity int, customer_ref text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  pool record;
  line record;
  change record;
  ended_status text;
  ended_customer text;
  ended_variants bigint[] := '{}';
  ended_locations bigint[] := '{}';
  ended_quantities int[] := '{}';
  ended_statuses text[] := '{}';
  ended_reservations bigint[] := '{}';
BEGIN
  IF cardinality(p_ids) > 0 THEN
    INSERT INTO reservation (id, channel_id, customer_ref, status, expires_at, node_id, key_owner, idempotency_key)
    SELECT t.id, t.channel_id, t.customer_ref, 'ACTIVE', t.expires_at, p_node, t.key_owner, t.idempotency_key
    FROM unnest(p_ids, p_channels, p_customers, p_expires, p_owners, p_keys)
      AS t(id, channel_id, customer_ref, expires_at, key_owner, idempotency_key);

    INSERT INTO reservation_line (reservation_id, line_no, variant_id, location_id, quantity)
    SELECT * FROM unnest(p_line_reservations, p_line_numbers, p_line_variants, p_line_locations, p_line_quantities);

  END IF;

  -- Reservation rows, then stock rows, each in ascending key order: two batches in flight at once
  -- lock in the same order and cannot deadlock.
  FOR change IN
    SELECT c.id, c.status, c.expires_at FROM (
      SELECT e.id, e.status, NULL::timestamptz AS expires_at FROM unnest(p_end_ids, p_end_statuses) AS e(id, status)
      UNION ALL
      SELECT x.id, NULL::text, x.expires_at FROM unnest(p_extend_ids, p_extend_expiries) AS x(id, expires_at)
    ) c ORDER BY c.id
  LOOP
    IF change.status IS NOT NULL THEN
      UPDATE reservation r SET status = change.status, ended_at = now()
      WHERE r.id = change.id AND r.status = 'ACTIVE'
      RETURNING r.status, r.customer_ref INTO ended_status, ended_customer;
      IF FOUND THEN
        FOR line IN SELECT l.variant_id, l.location_id, l.quantity FROM reservation_line l
                    WHERE l.reservation_id = change.id LOOP
          outcome := 'ENDED'; reservation_id := change.id; variant_id := line.variant_id;
          location_id := line.location_id; quantity := line.quantity; customer_ref := ended_customer;
          RETURN NEXT;
          ended_reservations := ended_reservations || change.id;
          ended_variants := ended_variants || line.variant_id;
          ended_locations := ended_locations || line.location_id;
          ended_quantities := ended_quantities || line.quantity;
          ended_statuses := ended_statuses || ended_status;
        END LOOP;
      END IF;
    ELSE
      UPDATE reservation r SET expires_at = change.expires_at
      WHERE r.id = change.id AND r.status = 'ACTIVE';
      IF FOUND THEN
        outcome := 'EXTENDED'; reservation_id := change.id; variant_id := 0; location_id := 0;
        quantity := 0; customer_ref := NULL;
        RETURN NEXT;
      END IF;
    END IF;
  END LOOP;

  -- One update per pool with the net change, pools in ascending order; a ledger row per kind.
  FOR pool IN
    SELECT m.variant_id, m.location_id,
           sum(m.quantity) FILTER (WHERE m.kind = 'RESERVE')::int AS reserved,
           sum(m.quantity) FILTER (WHERE m.kind = 'RELEASE')::int AS released,
           sum(m.quantity) FILTER (WHERE m.kind = 'EXPIRE')::int AS expired,
           min(m.reservation_id) FILTER (WHERE m.kind = 'RESERVE') AS reserve_first,
           max(m.reservation_id) FILTER (WHERE m.kind = 'RESERVE') AS reserve_last,
           count(*) FILTER (WHERE m.kind = 'RESERVE') AS reserve_lines,
           min(m.reservation_id) FILTER (WHERE m.kind <> 'RESERVE') AS end_first,
           max(m.reservation_id) FILTER (WHERE m.kind <> 'RESERVE') AS end_last,
           count(*) FILTER (WHERE m.kind <> 'RESERVE') AS end_lines
    FROM (
      SELECT n.variant_id, n.location_id, n.quantity, n.reservation_id, 'RESERVE' AS kind
      FROM unnest(p_line_variants, p_line_locations, p_line_quantities, p_line_reservations)
        AS n(variant_id, location_id, quantity, reservation_id)
      UNION ALL
      SELECT e.variant_id, e.location_id, e.quantity, e.reservation_id,
             CASE e.status WHEN 'EXPIRED' THEN 'EXPIRE' ELSE 'RELEASE' END
      FROM unnest(ended_variants, ended_locations, ended_quantities, ended_statuses, ended_reservations)
        AS e(variant_id, location_id, quantity, status, reservation_id)
    ) m
    GROUP BY m.variant_id, m.location_id
    ORDER BY m.variant_id, m.location_id
  LOOP
    UPDATE stock s
    SET reserved = s.reserved + coalesce(pool.reserved, 0) - coalesce(pool.released, 0) - coalesce(pool.expired, 0),
        updated_at = now()
    WHERE s.variant_id = pool.variant_id AND s.location_id = pool.location_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'a reservation batch touched a pool without a stock row (variant %, location %)',
        pool.variant_id, pool.location_id;
    END IF;
    IF pool.reserved IS NOT NULL THEN
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool.variant_id, pool.location_id, 'RESERVE', pool.reserved,
              'reservations ' || pool.reserve_first || '..' || pool.reserve_last || ' (' || pool.reserve_lines || ')');
    END IF;
    IF pool.released IS NOT NULL THEN
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool.variant_id, pool.location_id, 'RELEASE', -pool.released,
              'reservations ' || pool.end_first || '..' || pool.end_last || ' (' || pool.end_lines || ')');
    END IF;
    IF pool.expired IS NOT NULL THEN
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool.variant_id, pool.location_id, 'EXPIRE', -pool.expired,
              'reservations ' || pool.end_first || '..' || pool.end_last || ' (' || pool.end_lines || ')');
    END IF;
  END LOOP;
END
$$;
