-- Placing orders, as one function call per journal batch (the same group commit as
-- reservations). p_orders is a JSON array of prepared orders: totals, lines, the routed
-- allocations and the reservation units they convert. Each order runs in its own sub-block, so a
-- refused or failing order (a duplicate reference, a reservation that is no longer active) is
-- rolled back alone and reported, never failing the batch. Stock rows are changed once per pool
-- for the whole batch, after every order, in ascending pool order.
--
-- Per order, allocations: [{line_no, variant_id, location_id, quantity, from_reservation}] where
-- from_reservation is how many of the quantity the order's reservation held at that pool; and
-- released: [{variant_id, location_id, quantity}], reservation units the routing did not use.
CREATE FUNCTION surge_place_orders(p_orders jsonb)
RETURNS TABLE (idx int, outcome text, order_id bigint, order_number text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  o jsonb;
  i int := 0;
  found_id bigint;
  found_number text;
  new_id bigint;
  new_number text;
  customer_id bigint;
  pool record;
  d_variants bigint[] := '{}';
  d_locations bigint[] := '{}';
  d_allocated int[] := '{}';
  d_unreserved int[] := '{}';
  d_released int[] := '{}';
  d_orders bigint[] := '{}';
BEGIN
  FOR o IN SELECT value FROM jsonb_array_elements(p_orders) LOOP
    i := i + 1;
    idx := i;
    order_id := NULL;
    order_number := NULL;
    BEGIN
      -- A retry carrying the idempotency key of an order already placed gets that order.
      IF o->>'idempotency_key' IS NOT NULL THEN
        SELECT s.id, s.number INTO found_id, found_number FROM sales_order s
        WHERE s.key_owner = (o->>'key_owner')::bigint AND s.idempotency_key = o->>'idempotency_key';
        IF FOUND THEN
          outcome := 'REPLAYED'; order_id := found_id; order_number := found_number;
          RETURN NEXT;
          CONTINUE;
        END IF;
      END IF;
      IF o->>'external_reference' IS NOT NULL THEN
        SELECT s.id, s.number INTO found_id, found_number FROM sales_order s
        WHERE s.channel_id = (o->>'channel_id')::bigint AND s.external_reference = o->>'external_reference';
        IF FOUND THEN
          outcome := 'DUPLICATE'; order_id := found_id; order_number := found_number;
          RETURN NEXT;
          CONTINUE;
        END IF;
      END IF;
      IF o->>'reservation_id' IS NOT NULL THEN
        UPDATE reservation r SET status = 'CONVERTED', ended_at = now()
        WHERE r.id = (o->>'reservation_id')::bigint AND r.status = 'ACTIVE'
          AND r.channel_id = (o->>'channel_id')::bigint;
        IF NOT FOUND THEN
          outcome := 'RESERVATION_NOT_ACTIVE';
          RETURN NEXT;
          CONTINUE;
        END IF;
      END IF;

      customer_id := NULL;
      IF o->'customer'->>'email' IS NOT NULL THEN
        INSERT INTO customer AS c (email, name, phone)
        VALUES (o->'customer'->>'email', o->'customer'->>'name', o->'customer'->>'phone')
        ON CONFLICT (lower(email)) DO NOTHING
        RETURNING c.id INTO customer_id;
        IF customer_id IS NULL THEN
          SELECT c.id INTO customer_id FROM customer c WHERE lower(c.email) = lower(o->'customer'->>'email');
        END IF;
      END IF;

      new_number := nextval('order_number_seq')::text;
      INSERT INTO sales_order AS s (number, channel_id, customer_id, customer_email, customer_name,
        customer_phone, customer_ref, status, payment_status, pay_by, shipping_address,
        billing_address, shipping_method, shipping_speed, pickup_location_id, external_reference,
        currency_code, subtotal_minor, discount_minor, shipping_minor, tax_minor, total_minor,
        promised_at, priority, priority_explained, routing, reservation_id, source, note,
        key_owner, idempotency_key, placed_at)
      VALUES (new_number, (o->>'channel_id')::bigint, customer_id, o->'customer'->>'email',
        o->'customer'->>'name', o->'customer'->>'phone', o->>'customer_ref', o->>'status',
        o->>'payment_status', (o->>'pay_by')::timestamptz, nullif(o->'shipping_address', 'null'::jsonb),
        nullif(o->'billing_address', 'null'::jsonb), o->>'shipping_method', o->>'shipping_speed',
        (o->>'pickup_location_id')::bigint, o->>'external_reference', o->>'currency_code',
        (o->>'subtotal')::bigint, (o->>'discount')::bigint, (o->>'shipping')::bigint,
        (o->>'tax')::bigint, (o->>'total')::bigint, (o->>'promised_at')::timestamptz,
        (o->>'priority')::float8, o->>'priority_explained', o->'routing',
        (o->>'reservation_id')::bigint, o->>'source', o->>'note', (o->>'key_owner')::bigint,
        o->>'idempotency_key', now())
      RETURNING s.id INTO new_id;

      INSERT INTO order_line (order_id, line_no, variant_id, sku, title, tax_class, unit_price_minor,
        discount_minor, tax_rate_percent, tax_minor, total_minor, quantity_ordered, quantity_allocated)
      SELECT new_id, l.line_no, l.variant_id, l.sku, l.title, l.tax_class, l.unit_price, l.discount,
             l.tax_rate, l.tax, l.total, l.quantity,
             coalesce((SELECT sum(a.quantity) FROM jsonb_to_recordset(o->'allocations')
                         AS a(line_no int, quantity int) WHERE a.line_no = l.line_no), 0)
      FROM jsonb_to_recordset(o->'lines') AS l(line_no int, variant_id bigint, sku text, title text,
        tax_class text, unit_price bigint, discount bigint, tax_rate numeric, tax bigint, total bigint,
        quantity int);

      INSERT INTO fulfillment_order (order_id, location_id, status, priority)
      SELECT DISTINCT new_id, a.location_id, 'OPEN', (o->>'priority')::float8
      FROM jsonb_to_recordset(o->'allocations') AS a(location_id bigint)
      ORDER BY 2;

      INSERT INTO fulfillment_order_line (fulfillment_order_id, order_id, line_no, variant_id, quantity)
      SELECT f.id, new_id, a.line_no, a.variant_id, a.quantity
      FROM jsonb_to_recordset(o->'allocations') AS a(line_no int, variant_id bigint, location_id bigint, quantity int)
      JOIN fulfillment_order f ON f.order_id = new_id AND f.location_id = a.location_id;

      INSERT INTO order_history (order_id, from_status, to_status, actor, reason)
      VALUES (new_id, NULL, o->>'status', o->>'actor', 'placed');

      -- Only now, with every row of this order written, count its stock changes.
      SELECT d_variants || coalesce(array_agg(x.variant_id), '{}'),
             d_locations || coalesce(array_agg(x.location_id), '{}'),
             d_allocated || coalesce(array_agg(x.allocated), '{}'),
             d_unreserved || coalesce(array_agg(x.unreserved), '{}'),
             d_released || coalesce(array_agg(x.released), '{}'),
             d_orders || coalesce(array_agg(new_id), '{}')
      INTO d_variants, d_locations, d_allocated, d_unreserved, d_released, d_orders
      FROM (
        SELECT a.variant_id, a.location_id, a.quantity AS allocated,
               coalesce(a.from_reservation, 0) AS unreserved, 0 AS released
        FROM jsonb_to_recordset(o->'allocations')
          AS a(variant_id bigint, location_id bigint, quantity int, from_reservation int)
        UNION ALL
        SELECT r.variant_id, r.location_id, 0, r.quantity, r.quantity
        FROM jsonb_to_recordset(coalesce(o->'released', '[]'))
          AS r(variant_id bigint, location_id bigint, quantity int)
      ) x;

      outcome := 'PLACED'; order_id := new_id; order_number := new_number;
      RETURN NEXT;
    EXCEPTION WHEN unique_violation THEN
      -- Another node placed the same external reference or idempotency key at the same time.
      SELECT s.id, s.number INTO found_id, found_number FROM sales_order s
      WHERE (s.channel_id = (o->>'channel_id')::bigint AND s.external_reference = o->>'external_reference')
         OR (s.key_owner = (o->>'key_owner')::bigint AND s.idempotency_key = o->>'idempotency_key');
      outcome := CASE WHEN found_id IS NULL THEN 'CONFLICT' ELSE 'DUPLICATE' END;
      order_id := found_id; order_number := found_number;
      RETURN NEXT;
    END;
  END LOOP;

  FOR pool IN
    SELECT d.variant_id, d.location_id, sum(d.allocated)::int AS allocated,
           sum(d.unreserved)::int AS unreserved, sum(d.released)::int AS released,
           min(d.order_id) AS first_order, max(d.order_id) AS last_order, count(DISTINCT d.order_id) AS orders
    FROM unnest(d_variants, d_locations, d_allocated, d_unreserved, d_released, d_orders)
      AS d(variant_id, location_id, allocated, unreserved, released, order_id)
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
END
$$;
