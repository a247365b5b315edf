-- The reservation journal's batch write, cheaper per call and per reservation
-- (docs/PERFORMANCE.md §3d).
--
-- One-line reservations (every storefront reservation of a flash sale) keep their line in their
-- own row: one heap row and one index entry fewer per reservation, about a third less WAL. A
-- reservation of several lines keeps them all in reservation_line and leaves the three columns
-- null. Readers go through the view reservation_lines, which has every line of every reservation.
--
-- A flash sale's batches are new reservations on one pool; for those the V003 function still ran
-- two queries whose cost did not depend on the batch (the union of ends and extensions, empty, and
-- a GROUP BY over the lines), and V009 wrapped it in a second function call to take the writer's
-- lock. Here: one function (the lock first, as V009's wrapper did), the ends and extensions only
-- when there are some, and the pools of a batch with one pool and nothing ended summed in a loop
-- instead of a query. Every path updates the stock rows and writes the ledger with the same
-- statements, pools in ascending order.
--
-- Not for a rolling upgrade: nodes of an earlier version call the dropped functions and read
-- lines only from reservation_line; stop them all first (docs/OPERATIONS.md, Upgrading).
ALTER TABLE reservation
  ADD COLUMN variant_id  bigint,
  ADD COLUMN location_id bigint,
  ADD COLUMN quantity    int CHECK (quantity > 0),
  ADD CONSTRAINT reservation_inline_line_whole
    CHECK ((variant_id IS NULL) = (location_id IS NULL) AND (variant_id IS NULL) = (quantity IS NULL));

CREATE VIEW reservation_lines AS
  SELECT r.id AS reservation_id, 1 AS line_no, r.variant_id, r.location_id, r.quantity, r.status, r.customer_ref
  FROM reservation r
  WHERE r.variant_id IS NOT NULL
  UNION ALL
  SELECT l.reservation_id, l.line_no, l.variant_id, l.location_id, l.quantity, r.status, r.customer_ref
  FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id;

DROP FUNCTION surge_write_reservation_batch_locked(bigint[], bigint[], text[], timestamptz[], text, bigint[],
  text[], bigint[], int[], bigint[], bigint[], int[], bigint[], text[], bigint[], timestamptz[]);
DROP FUNCTION surge_write_reservation_batch(bigint[], bigint[], text[], timestamptz[], text, bigint[],
  text[], bigint[], int[], bigint[], bigint[], int[], bigint[], text[], bigint[], timestamptz[]);

-- p_variants, p_locations, p_quantities: per reservation, its line when it has exactly one (null
-- otherwise); p_line_*: the lines of the reservations with several.
CREATE FUNCTION surge_write_reservation_batch(
  p_ids bigint[], p_channels bigint[], p_customers text[], p_expires timestamptz[], p_node text,
  p_owners bigint[], p_keys text[], p_variants bigint[], p_locations bigint[], p_quantities int[],
  p_line_reservations bigint[], p_line_numbers int[], p_line_variants bigint[],
  p_line_locations bigint[], p_line_quantities int[],
  p_end_ids bigint[], p_end_statuses text[],
  p_extend_ids bigint[], p_extend_expiries timestamptz[])
RETURNS TABLE (outcome text, reservation_id bigint, variant_id bigint, location_id bigint,
               quantity int, customer_ref text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  line record;
  change record;
  ended_status text;
  ended_customer text;
  ended_variants bigint[] := '{}';
  ended_locations bigint[] := '{}';
  ended_quantities int[] := '{}';
  ended_statuses text[] := '{}';
  ended_reservations bigint[] := '{}';
  -- One entry per pool, pools in ascending order: net change and ledger rows of each kind.
  pool_variants bigint[];
  pool_locations bigint[];
  pool_reserved int[];
  pool_released int[];
  pool_expired int[];
  pool_reserve_first bigint[];
  pool_reserve_last bigint[];
  pool_reserve_lines bigint[];
  pool_end_first bigint[];
  pool_end_last bigint[];
  pool_end_lines bigint[];
  one_pool boolean := false;
  any_lines boolean := cardinality(p_ids) > 0;
  total int := 0;
  first_id bigint;
  last_id bigint;
BEGIN
  -- Held to the end of the transaction: see V009 (in-doubt batches read only after it is free).
  PERFORM pg_advisory_xact_lock(hashtextextended('surge-journal:' || p_node, 0));

  IF cardinality(p_ids) > 0 THEN
    INSERT INTO reservation (id, channel_id, customer_ref, status, expires_at, node_id, key_owner, idempotency_key,
                             variant_id, location_id, quantity)
    SELECT t.id, t.channel_id, t.customer_ref, 'ACTIVE', t.expires_at, p_node, t.key_owner, t.idempotency_key,
           t.variant_id, t.location_id, t.quantity
    FROM unnest(p_ids, p_channels, p_customers, p_expires, p_owners, p_keys, p_variants, p_locations, p_quantities)
      AS t(id, channel_id, customer_ref, expires_at, key_owner, idempotency_key, variant_id, location_id, quantity);

    IF cardinality(p_line_reservations) > 0 THEN
      INSERT INTO reservation_line (reservation_id, line_no, variant_id, location_id, quantity)
      SELECT * FROM unnest(p_line_reservations, p_line_numbers, p_line_variants, p_line_locations, p_line_quantities);
    END IF;
  END IF;

  -- Reservation rows, then stock rows, each in ascending key order: two batches in flight at once
  -- lock in the same order and cannot deadlock.
  IF cardinality(p_end_ids) > 0 OR cardinality(p_extend_ids) > 0 THEN
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
          FOR line IN SELECT l.variant_id, l.location_id, l.quantity FROM reservation_lines l
                      WHERE l.reservation_id = change.id ORDER BY l.line_no LOOP
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
  END IF;

  IF any_lines AND cardinality(ended_variants) = 0 AND cardinality(p_line_reservations) = 0 THEN
    -- New one-line reservations only: one pool when every line names the first one's.
    one_pool := true;
    FOR i IN 1 .. cardinality(p_ids) LOOP
      IF p_variants[i] <> p_variants[1] OR p_locations[i] <> p_locations[1] THEN
        one_pool := false;
        EXIT;
      END IF;
      total := total + p_quantities[i];
      first_id := least(first_id, p_ids[i]);
      last_id := greatest(last_id, p_ids[i]);
    END LOOP;
  END IF;

  IF one_pool THEN
    pool_variants := ARRAY[p_variants[1]];
    pool_locations := ARRAY[p_locations[1]];
    pool_reserved := ARRAY[total];
    pool_released := ARRAY[NULL::int];
    pool_expired := ARRAY[NULL::int];
    pool_reserve_first := ARRAY[first_id];
    pool_reserve_last := ARRAY[last_id];
    pool_reserve_lines := ARRAY[cardinality(p_ids)::bigint];
    pool_end_first := ARRAY[NULL::bigint];
    pool_end_last := ARRAY[NULL::bigint];
    pool_end_lines := ARRAY[0::bigint];
  ELSIF any_lines OR cardinality(ended_variants) > 0 THEN
    SELECT array_agg(p.variant_id ORDER BY p.variant_id, p.location_id),
           array_agg(p.location_id ORDER BY p.variant_id, p.location_id),
           array_agg(p.reserved ORDER BY p.variant_id, p.location_id),
           array_agg(p.released ORDER BY p.variant_id, p.location_id),
           array_agg(p.expired ORDER BY p.variant_id, p.location_id),
           array_agg(p.reserve_first ORDER BY p.variant_id, p.location_id),
           array_agg(p.reserve_last ORDER BY p.variant_id, p.location_id),
           array_agg(p.reserve_lines ORDER BY p.variant_id, p.location_id),
           array_agg(p.end_first ORDER BY p.variant_id, p.location_id),
           array_agg(p.end_last ORDER BY p.variant_id, p.location_id),
           array_agg(p.end_lines ORDER BY p.variant_id, p.location_id)
    INTO pool_variants, pool_locations, pool_reserved, pool_released, pool_expired, pool_reserve_first,
         pool_reserve_last, pool_reserve_lines, pool_end_first, pool_end_last, pool_end_lines
    FROM (
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
        FROM unnest(p_variants, p_locations, p_quantities, p_ids) AS n(variant_id, location_id, quantity, reservation_id)
        WHERE n.variant_id IS NOT NULL
        UNION ALL
        SELECT n.variant_id, n.location_id, n.quantity, n.reservation_id, 'RESERVE'
        FROM unnest(p_line_variants, p_line_locations, p_line_quantities, p_line_reservations)
          AS n(variant_id, location_id, quantity, reservation_id)
        UNION ALL
        SELECT e.variant_id, e.location_id, e.quantity, e.reservation_id,
               CASE e.status WHEN 'EXPIRED' THEN 'EXPIRE' ELSE 'RELEASE' END
        FROM unnest(ended_variants, ended_locations, ended_quantities, ended_statuses, ended_reservations)
          AS e(variant_id, location_id, quantity, status, reservation_id)
      ) m
      GROUP BY m.variant_id, m.location_id
    ) p;
  ELSE
    RETURN;
  END IF;

  -- One update per pool with the net change, pools in ascending order; a ledger row per kind.
  FOR i IN 1 .. cardinality(pool_variants) LOOP
    UPDATE stock s
    SET reserved = s.reserved + coalesce(pool_reserved[i], 0) - coalesce(pool_released[i], 0)
                   - coalesce(pool_expired[i], 0),
        updated_at = now()
    WHERE s.variant_id = pool_variants[i] AND s.location_id = pool_locations[i];
    IF NOT FOUND THEN
      RAISE EXCEPTION 'a reservation batch touched a pool without a stock row (variant %, location %)',
        pool_variants[i], pool_locations[i];
    END IF;
    IF pool_reserved[i] IS NOT NULL THEN
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool_variants[i], pool_locations[i], 'RESERVE', pool_reserved[i],
              'reservations ' || pool_reserve_first[i] || '..' || pool_reserve_last[i] || ' (' || pool_reserve_lines[i] || ')');
    END IF;
    IF pool_released[i] IS NOT NULL THEN
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool_variants[i], pool_locations[i], 'RELEASE', -pool_released[i],
              'reservations ' || pool_end_first[i] || '..' || pool_end_last[i] || ' (' || pool_end_lines[i] || ')');
    END IF;
    IF pool_expired[i] IS NOT NULL THEN
      INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
      VALUES (pool_variants[i], pool_locations[i], 'EXPIRE', -pool_expired[i],
              'reservations ' || pool_end_first[i] || '..' || pool_end_last[i] || ' (' || pool_end_lines[i] || ')');
    END IF;
  END LOOP;
END
$$;
