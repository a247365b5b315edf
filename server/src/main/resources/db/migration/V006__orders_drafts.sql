-- Staff draft orders: an order put together by hand, kept apart from sales_order until it is
-- confirmed. Confirming places a real order (source DRAFT) through the usual placement and links
-- it here; from then on the draft is COMPLETED and cannot change.
CREATE TABLE draft_order (
  id                   bigserial PRIMARY KEY,
  channel_id           bigint NOT NULL REFERENCES channel (id),
  status               text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'COMPLETED')),
  -- The channel's currency when the draft was made or moved to the channel: discounts and the
  -- shipping price are in it.
  currency_code        char(3) NOT NULL,
  customer_email       text,
  customer_name        text,
  customer_phone       text,
  shipping_address     jsonb,
  billing_address      jsonb,
  shipping_method      text,
  shipping_speed       text NOT NULL DEFAULT 'STANDARD'
                         CHECK (shipping_speed IN ('STANDARD', 'EXPRESS', 'NEXT_DAY', 'SAME_DAY')),
  pickup_location_id   bigint REFERENCES location (id),
  note                 text,
  -- [{"sku": ..., "quantity": n, "discount": minor units or null}]; prices are not stored: the
  -- draft shows the catalogue's current ones, and the placement prices the order when confirmed.
  lines                jsonb NOT NULL DEFAULT '[]',
  shipping_price_minor bigint CHECK (shipping_price_minor >= 0),
  promised_at          timestamptz,
  -- Bumped by every edit and every refused confirmation; with the id it makes the confirmation's
  -- idempotency key, so confirming again after a crash finds the order already placed.
  version              int NOT NULL DEFAULT 1,
  -- Set while a confirmation runs: edits, deletes and other confirmations wait for it to end.
  confirming_since     timestamptz,
  order_id             bigint UNIQUE REFERENCES sales_order (id),
  created_by           text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  completed_at         timestamptz,
  CHECK ((status = 'COMPLETED') = (order_id IS NOT NULL))
);
CREATE INDEX draft_order_status_idx ON draft_order (status, id);
