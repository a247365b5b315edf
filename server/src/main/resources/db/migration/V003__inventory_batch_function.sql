-- The reservation journal's write, as one function call per batch: one statement for the client
-- (atomic, one round trip), with plans PL/pgSQL prepares once per connection instead of planning a
-- many-CTE statement at every batch. Stock rows are changed by primary key, once per pool per
-- batch and kind; the ledger gets one row per pool per batch and kind (sum and id range).
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

    FOR pool IN
      SELECT n.variant_id, n.location_id, sum(n.quantity)::int AS delta,
             min(n.reservation_id) AS first_id, max(n.reservation_id) AS last_id, count(*) AS lines
      FROM unnest(p_line_variants, p_line_locations, p_line_quantities, p_line_reservations)
        AS n(variant_id, location_id, quantity, reservation_id)
      GROUP BY n.variant_id, n.location_id
    LOOP
      UPDATE stock s SET reserved = s.reserved + pool.delta, updated_at = now()
      WHERE s.variant_id = pool.variant_id AND s.location_id = pool.location_id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'a reservation batch touched a pool without a stock row (variant %, location %)',
          pool.variant_id, pool.location_id;
      END IF;
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool.variant_id, pool.location_id, 'RESERVE', pool.delta,
              'reservations ' || pool.first_id || '..' || pool.last_id || ' (' || pool.lines || ')');
    END LOOP;
  END IF;

  FOR i IN 1 .. coalesce(cardinality(p_end_ids), 0) LOOP
    UPDATE reservation r SET status = p_end_statuses[i], ended_at = now()
    WHERE r.id = p_end_ids[i] AND r.status = 'ACTIVE'
    RETURNING r.status, r.customer_ref INTO ended_status, ended_customer;
    IF FOUND THEN
      FOR line IN SELECT l.variant_id, l.location_id, l.quantity FROM reservation_line l
                  WHERE l.reservation_id = p_end_ids[i] LOOP
        outcome := 'ENDED'; reservation_id := p_end_ids[i]; variant_id := line.variant_id;
        location_id := line.location_id; quantity := line.quantity; customer_ref := ended_customer;
        RETURN NEXT;
        ended_reservations := ended_reservations || p_end_ids[i];
        ended_variants := ended_variants || line.variant_id;
        ended_locations := ended_locations || line.location_id;
        ended_quantities := ended_quantities || line.quantity;
        ended_statuses := ended_statuses || ended_status;
      END LOOP;
    END IF;
  END LOOP;

  FOR pool IN
    SELECT e.variant_id, e.location_id, e.status, sum(e.quantity)::int AS units,
           min(e.reservation_id) AS first_id, max(e.reservation_id) AS last_id, count(*) AS lines
    FROM unnest(ended_variants, ended_locations, ended_quantities, ended_statuses, ended_reservations)
      AS e(variant_id, location_id, quantity, status, reservation_id)
    GROUP BY e.variant_id, e.location_id, e.status
  LOOP
    UPDATE stock s SET reserved = s.reserved - pool.units, updated_at = now()
    WHERE s.variant_id = pool.variant_id AND s.location_id = pool.location_id;
    INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
    VALUES (pool.variant_id, pool.location_id,
            CASE pool.status WHEN 'EXPIRED' THEN 'EXPIRE' ELSE 'RELEASE' END, -pool.units,
            'reservations ' || pool.first_id || '..' || pool.last_id || ' (' || pool.lines || ')');
  END LOOP;

  FOR i IN 1 .. coalesce(cardinality(p_extend_ids), 0) LOOP
    UPDATE reservation r SET expires_at = p_extend_expiries[i]
    WHERE r.id = p_extend_ids[i] AND r.status = 'ACTIVE';
    IF FOUND THEN
      outcome := 'EXTENDED'; reservation_id := p_extend_ids[i]; variant_id := 0; location_id := 0;
      quantity := 0; customer_ref := NULL;
      RETURN NEXT;
    END IF;
  END LOOP;
END
$$;
