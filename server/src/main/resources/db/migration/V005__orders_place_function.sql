-- Placing orders, as one function call per journal batch (the same group commit as
-- reservations). p_orders is a JSON array of prepared orders: totals, lines, the routed
-- allocations and the reservation units they convert.
--
-- Refusals are decided first, by reads: a replayed idempotency key (REPLAYED, with the order), an
-- external reference used before or earlier in the batch (DUPLICATE, with that order), a
-- reservation no longer active (RESERVATION_NOT_ACTIVE); a refused order leaves no row behind
-- and never fails the batch. The orders left are then written set-wise: one statement per table
-- for the whole batch, not one per order (six statements per order cost ~0.4 ms of PostgreSQL CPU
-- each on the reference machine; a sub-transaction per order was slower still). Only a race with
-- another node placing the same reference at the same instant fails the batch (a unique
-- violation): its requests get a retryable UNAVAILABLE and the retry finds the DUPLICATE.
-- Stock rows change once per pool per batch, in ascending pool order (the global lock order).
--
-- Per order, allocations: [{line_no, variant_id, location_id, quantity, from_reservation}] where
-- from_reservation is how many of the quantity the order's reservation held at that pool; and
-- released: [{variant_id, location_id, quantity}], reservation units the routing did not use.
CREATE FUNCTION surge_place_orders(p_orders jsonb)
RETURNS TABLE (idx int, outcome text, order_id bigint, order_number text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  n int := jsonb_array_length(p_orders);
  o jsonb;
  i int;
  -- p_orders is read with jsonb_array_elements, once per statement: indexing into it (p_orders -> i)
  -- would decompress the whole batch at every access.
  pos int;
  found_id bigint;
  found_number text;
  ref_key text;
  idem_key text;
  seen_refs text[] := '{}';
  seen_keys text[] := '{}';
  outcomes text[] := array_fill(NULL::text, ARRAY[n]);
  result_ids bigint[] := array_fill(NULL::bigint, ARRAY[n]);
  result_numbers text[] := array_fill(NULL::text, ARRAY[n]);
  wanted bigint[] := '{}';
  converted bigint[];
  placed_n bigint[];
  placed_ids bigint[];
  placed_numbers text[];
  pool record;
BEGIN
  IF n = 0 THEN
    RETURN;
  END IF;

  -- 1. Replays and duplicates, by reads; within the batch, the first order with a key or reference wins.
  FOR o, i IN SELECT x.value, x.ordinality FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x LOOP
    idem_key := CASE WHEN o->>'idempotency_key' IS NULL THEN NULL
                     ELSE (o->>'key_owner') || ':' || (o->>'idempotency_key') END;
    ref_key := CASE WHEN o->>'external_reference' IS NULL THEN NULL
                    ELSE (o->>'channel_id') || ':' || (o->>'external_reference') END;
    IF idem_key IS NOT NULL THEN
      SELECT s.id, s.number INTO found_id, found_number FROM sales_order s
      WHERE s.key_owner = (o->>'key_owner')::bigint AND s.idempotency_key = o->>'idempotency_key';
      IF FOUND THEN
        outcomes[i] := 'REPLAYED'; result_ids[i] := found_id; result_numbers[i] := found_number;
        CONTINUE;
      END IF;
      IF idem_key = ANY(seen_keys) THEN
        outcomes[i] := 'CONFLICT';
        CONTINUE;
      END IF;
    END IF;
    IF ref_key IS NOT NULL THEN
      SELECT s.id, s.number INTO found_id, found_number FROM sales_order s
      WHERE s.channel_id = (o->>'channel_id')::bigint AND s.external_reference = o->>'external_reference';
      IF FOUND THEN
        outcomes[i] := 'DUPLICATE'; result_ids[i] := found_id; result_numbers[i] := found_number;
        CONTINUE;
      END IF;
      IF ref_key = ANY(seen_refs) THEN
        outcomes[i] := 'DUPLICATE_IN_BATCH';
        CONTINUE;
      END IF;
      seen_refs := seen_refs || ref_key;
    END IF;
    IF idem_key IS NOT NULL THEN
      seen_keys := seen_keys || idem_key;
    END IF;
    IF o->>'reservation_id' IS NOT NULL THEN
      wanted := wanted || (o->>'reservation_id')::bigint;
    END IF;
  END LOOP;

  -- 2. Convert the reservations (locked in id order, as the reservation batches lock them).
  PERFORM 1 FROM reservation r WHERE r.id = ANY(wanted) ORDER BY r.id FOR UPDATE;
  WITH changed AS (
    UPDATE reservation r SET status = 'CONVERTED', ended_at = now()
    FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k)
    WHERE outcomes[x.k::int] IS NULL AND r.id = (x.o->>'reservation_id')::bigint
      AND r.channel_id = (x.o->>'channel_id')::bigint AND r.status = 'ACTIVE'
    RETURNING r.id)
  SELECT coalesce(array_agg(changed.id), '{}') INTO converted FROM changed;
  FOR o, i IN SELECT x.value, x.ordinality FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x LOOP
    IF outcomes[i] IS NULL AND o->>'reservation_id' IS NOT NULL
        AND NOT ((o->>'reservation_id')::bigint = ANY(converted)) THEN
      outcomes[i] := 'RESERVATION_NOT_ACTIVE';
    END IF;
  END LOOP;

  -- 3. Customers not known yet, once per e-mail.
  INSERT INTO customer (email, name, phone)
  SELECT DISTINCT ON (lower(x.o->'customer'->>'email'))
         x.o->'customer'->>'email', x.o->'customer'->>'name', x.o->'customer'->>'phone'
  FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k)
  WHERE outcomes[x.k::int] IS NULL AND x.o->'customer'->>'email' IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM customer c WHERE lower(c.email) = lower(x.o->'customer'->>'email'))
  ORDER BY lower(x.o->'customer'->>'email'), x.k
  ON CONFLICT (lower(email)) DO NOTHING;

  -- 4. The orders, with ids and numbers drawn in input order.
  WITH fresh AS MATERIALIZED (
    SELECT x.k, x.o, nextval('sales_order_id_seq') AS id, nextval('order_number_seq')::text AS number
    FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k)
    WHERE outcomes[x.k::int] IS NULL
    ORDER BY x.k),
  inserted AS (
    INSERT INTO sales_order (id, number, channel_id, customer_id, customer_email, customer_name,
      customer_phone, customer_ref, status, payment_status, pay_by, shipping_address,
      billing_address, shipping_method, shipping_speed, pickup_location_id, external_reference,
      currency_code, subtotal_minor, discount_minor, shipping_minor, tax_minor, total_minor,
      promised_at, priority, priority_explained, routing, reservation_id, source, note,
      key_owner, idempotency_key, placed_at)
    SELECT f.id, f.number, (f.o->>'channel_id')::bigint, c.id, f.o->'customer'->>'email',
      f.o->'customer'->>'name', f.o->'customer'->>'phone', f.o->>'customer_ref', f.o->>'status',
      f.o->>'payment_status', (f.o->>'pay_by')::timestamptz, nullif(f.o->'shipping_address', 'null'::jsonb),
      nullif(f.o->'billing_address', 'null'::jsonb), f.o->>'shipping_method', f.o->>'shipping_speed',
      (f.o->>'pickup_location_id')::bigint, f.o->>'external_reference', f.o->>'currency_code',
      (f.o->>'subtotal')::bigint, (f.o->>'discount')::bigint, (f.o->>'shipping')::bigint,
      (f.o->>'tax')::bigint, (f.o->>'total')::bigint, (f.o->>'promised_at')::timestamptz,
      (f.o->>'priority')::float8, f.o->>'priority_explained', nullif(f.o->'routing', 'null'::jsonb),
      (f.o->>'reservation_id')::bigint, f.o->>'source', f.o->>'note', (f.o->>'key_owner')::bigint,
      f.o->>'idempotency_key', now()
    FROM fresh f
    LEFT JOIN customer c ON lower(c.email) = lower(f.o->'customer'->>'email')
    RETURNING 1)
  SELECT coalesce(array_agg(f.k ORDER BY f.k), '{}'), coalesce(array_agg(f.id ORDER BY f.k), '{}'),
         coalesce(array_agg(f.number ORDER BY f.k), '{}')
  INTO placed_n, placed_ids, placed_numbers
  FROM fresh f;

  IF cardinality(placed_ids) > 0 THEN
    INSERT INTO order_line (order_id, line_no, variant_id, sku, title, tax_class, unit_price_minor,
      discount_minor, tax_rate_percent, tax_minor, total_minor, quantity_ordered, quantity_allocated)
    SELECT p.id, l.line_no, l.variant_id, l.sku, l.title, l.tax_class, l.unit_price, l.discount,
           l.tax_rate, l.tax, l.total, l.quantity,
           coalesce((SELECT sum(a.quantity) FROM jsonb_to_recordset(x.o -> 'allocations')
                       AS a(line_no int, quantity int) WHERE a.line_no = l.line_no), 0)
    FROM unnest(placed_n, placed_ids) AS p(k, id)
    JOIN jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k) ON x.k = p.k
    CROSS JOIN LATERAL jsonb_to_recordset(x.o -> 'lines') AS l(line_no int,
      variant_id bigint, sku text, title text, tax_class text, unit_price bigint, discount bigint,
      tax_rate numeric, tax bigint, total bigint, quantity int);

    INSERT INTO fulfillment_order (order_id, location_id, status, priority)
    SELECT DISTINCT p.id, a.location_id, 'OPEN', (x.o ->> 'priority')::float8
    FROM unnest(placed_n, placed_ids) AS p(k, id)
    JOIN jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k) ON x.k = p.k
    CROSS JOIN LATERAL jsonb_to_recordset(x.o -> 'allocations') AS a(location_id bigint)
    ORDER BY 1, 2;

    INSERT INTO fulfillment_order_line (fulfillment_order_id, order_id, line_no, variant_id, quantity)
    SELECT f.id, p.id, a.line_no, a.variant_id, a.quantity
    FROM unnest(placed_n, placed_ids) AS p(k, id)
    JOIN jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k) ON x.k = p.k
    CROSS JOIN LATERAL jsonb_to_recordset(x.o -> 'allocations')
      AS a(line_no int, variant_id bigint, location_id bigint, quantity int)
    JOIN fulfillment_order f ON f.order_id = p.id AND f.location_id = a.location_id;

    INSERT INTO order_history (order_id, from_status, to_status, actor, reason)
    SELECT p.id, NULL, x.o ->> 'status', x.o ->> 'actor', 'placed'
    FROM unnest(placed_n, placed_ids) AS p(k, id)
    JOIN jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k) ON x.k = p.k;

    -- One update per pool with the batch's net change, pools in ascending order; ledger rows per kind.
    FOR pool IN
      SELECT d.variant_id, d.location_id, sum(d.allocated)::int AS allocated,
             sum(d.unreserved)::int AS unreserved, sum(d.released)::int AS released,
             min(d.order_id) AS first_order, max(d.order_id) AS last_order, count(DISTINCT d.order_id) AS orders
      FROM (
        SELECT a.variant_id, a.location_id, a.quantity AS allocated,
               coalesce(a.from_reservation, 0) AS unreserved, 0 AS released, p.id AS order_id
        FROM unnest(placed_n, placed_ids) AS p(k, id)
        JOIN jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k) ON x.k = p.k
        CROSS JOIN LATERAL jsonb_to_recordset(x.o -> 'allocations')
          AS a(variant_id bigint, location_id bigint, quantity int, from_reservation int)
        UNION ALL
        SELECT r.variant_id, r.location_id, 0, r.quantity, r.quantity, p.id
        FROM unnest(placed_n, placed_ids) AS p(k, id)
        JOIN jsonb_array_elements(p_orders) WITH ORDINALITY AS x(o, k) ON x.k = p.k
        CROSS JOIN LATERAL jsonb_to_recordset(coalesce(x.o -> 'released', '[]'))
          AS r(variant_id bigint, location_id bigint, quantity int)
      ) d
      GROUP BY d.variant_id, d.location_id
      ORDER BY d.variant_id, d.location_id
    LOOP
      UPDATE stock s
      SET allocated = s.allocated + pool.allocated, reserved = s.reserved - pool.unreserved, updated_at = now()
      WHERE s.variant_id = pool.variant_id AND s.location_id = pool.location_id;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'an order batch touched a pool without a stock row (variant %, location %)',
          pool.variant_id, pool.location_id;
      END IF;
      IF pool.allocated > 0 THEN
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
        VALUES (pool.variant_id, pool.location_id, 'ALLOCATE', pool.allocated,
                'orders ' || pool.first_order || '..' || pool.last_order || ' (' || pool.orders || ')');
      END IF;
      IF pool.unreserved - pool.released > 0 THEN
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
        VALUES (pool.variant_id, pool.location_id, 'CONVERT', -(pool.unreserved - pool.released),
                'orders ' || pool.first_order || '..' || pool.last_order || ' (' || pool.orders || ')');
      END IF;
      IF pool.released > 0 THEN
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reference)
        VALUES (pool.variant_id, pool.location_id, 'RELEASE', -pool.released,
                'reservation units routed elsewhere, orders ' || pool.first_order || '..' || pool.last_order);
      END IF;
    END LOOP;
  END IF;

  -- 5. One row per input order, in input order.
  FOR o, i IN SELECT x.value, x.ordinality FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS x LOOP
    idx := i;
    outcome := outcomes[i];
    order_id := result_ids[i];
    order_number := result_numbers[i];
    IF outcome IS NULL THEN
      pos := array_position(placed_n, i::bigint);
      outcome := 'PLACED';
      order_id := placed_ids[pos];
      order_number := placed_numbers[pos];
    ELSIF outcome = 'DUPLICATE_IN_BATCH' THEN
      SELECT s.id, s.number INTO found_id, found_number FROM sales_order s
      WHERE s.channel_id = (o->>'channel_id')::bigint AND s.external_reference = o->>'external_reference';
      outcome := 'DUPLICATE';
      order_id := found_id;
      order_number := found_number;
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;
