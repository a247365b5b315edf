-- Orders: the state machine as data, orders with per-line quantities by state, fulfilment orders
-- per (order, location), shipments, history, and what routing and priority need on locations and
-- channels.

-- Where a location stands for routing: orders it can ship a day, when the day's last pick-up
-- leaves (local time), and what one shipment from it costs (an estimate, minor units).
ALTER TABLE location
  ADD COLUMN daily_capacity      int CHECK (daily_capacity > 0),
  ADD COLUMN cutoff_time         time,
  ADD COLUMN time_zone           text NOT NULL DEFAULT 'UTC',
  ADD COLUMN shipping_cost_minor bigint NOT NULL DEFAULT 0 CHECK (shipping_cost_minor >= 0);

-- How long an unpaid order holds its stock, and the channel's priority weights.
ALTER TABLE channel
  ADD COLUMN unpaid_order_ttl_minutes int NOT NULL DEFAULT 60 CHECK (unpaid_order_ttl_minutes > 0),
  -- The same defaults as PriorityWeights.defaults(): a near or missed promise counts most.
  ADD COLUMN priority_weight_value    double precision NOT NULL DEFAULT 1.0,
  ADD COLUMN priority_weight_tier     double precision NOT NULL DEFAULT 1.0,
  ADD COLUMN priority_weight_promise  double precision NOT NULL DEFAULT 6.0,
  ADD COLUMN priority_weight_speed    double precision NOT NULL DEFAULT 2.0;

-- A simple tax rate per tax class and country (percent, e.g. 19.000).
CREATE TABLE tax_rate (
  tax_class    text NOT NULL,
  country_code char(2) NOT NULL,
  rate_percent numeric(6, 3) NOT NULL CHECK (rate_percent >= 0 AND rate_percent < 100),
  PRIMARY KEY (tax_class, country_code)
);

-- The order state machine, as data: the states, and which changes are allowed.
CREATE TABLE order_status (
  code     text PRIMARY KEY,
  terminal boolean NOT NULL DEFAULT false
);
INSERT INTO order_status (code, terminal) VALUES
  ('PENDING', false), ('CONFIRMED', false), ('IN_FULFILLMENT', false),
  ('PARTIALLY_SHIPPED', false), ('SHIPPED', false), ('DELIVERED', false), ('COMPLETED', true),
  ('ON_HOLD', false), ('CANCELLED', true);

CREATE TABLE order_transition (
  from_status text NOT NULL REFERENCES order_status (code),
  to_status   text NOT NULL REFERENCES order_status (code),
  PRIMARY KEY (from_status, to_status)
);
INSERT INTO order_transition (from_status, to_status) VALUES
  ('PENDING', 'CONFIRMED'), ('PENDING', 'ON_HOLD'), ('PENDING', 'CANCELLED'),
  ('CONFIRMED', 'IN_FULFILLMENT'), ('CONFIRMED', 'PARTIALLY_SHIPPED'), ('CONFIRMED', 'SHIPPED'),
  ('CONFIRMED', 'ON_HOLD'), ('CONFIRMED', 'CANCELLED'),
  ('IN_FULFILLMENT', 'PARTIALLY_SHIPPED'), ('IN_FULFILLMENT', 'SHIPPED'), ('IN_FULFILLMENT', 'ON_HOLD'),
  ('IN_FULFILLMENT', 'CANCELLED'),
  ('PARTIALLY_SHIPPED', 'SHIPPED'), ('PARTIALLY_SHIPPED', 'ON_HOLD'),
  ('SHIPPED', 'DELIVERED'),
  ('DELIVERED', 'COMPLETED'),
  -- Release from hold goes back to where the order was (held_from); listed so it is checked too.
  ('ON_HOLD', 'PENDING'), ('ON_HOLD', 'CONFIRMED'), ('ON_HOLD', 'IN_FULFILLMENT'),
  ('ON_HOLD', 'PARTIALLY_SHIPPED'), ('ON_HOLD', 'CANCELLED');

CREATE TABLE customer (
  id         bigserial PRIMARY KEY,
  email      text NOT NULL,
  name       text,
  phone      text,
  tier       text NOT NULL DEFAULT 'STANDARD' CHECK (tier IN ('STANDARD', 'SILVER', 'GOLD', 'VIP')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_email_idx ON customer (lower(email));

CREATE SEQUENCE order_number_seq START 10001;

-- Orders are placed many to a transaction (a journal batch). Their references to long-lived rows
-- (channel, customer, status, location, variant) are checked by the code, not by foreign keys:
-- each key check locks the referenced row FOR KEY SHARE, and one channel or variant row locked by
-- every order of a checkout storm costs more than the order itself. References among an order's
-- own rows keep their foreign keys (the rows are new; nothing else locks them).
CREATE TABLE sales_order (
  id                  bigserial PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  channel_id          bigint NOT NULL,
  customer_id         bigint,
  -- The customer as given on the order (a snapshot: the customer record may change later).
  customer_email      text,
  customer_name       text,
  customer_phone      text,
  customer_ref        text,
  -- one of order_status.code (checked by the code and the transition table)
  status              text NOT NULL,
  held_from           text,
  hold_reason         text,
  payment_status      text NOT NULL DEFAULT 'UNPAID' CHECK (payment_status IN ('UNPAID', 'PAID', 'REFUNDED')),
  pay_by              timestamptz,
  shipping_address    jsonb,
  billing_address     jsonb,
  shipping_method     text,
  shipping_speed      text NOT NULL DEFAULT 'STANDARD'
                        CHECK (shipping_speed IN ('STANDARD', 'EXPRESS', 'NEXT_DAY', 'SAME_DAY')),
  pickup_location_id  bigint,
  external_reference  text,
  currency_code       char(3) NOT NULL,
  subtotal_minor      bigint NOT NULL,
  discount_minor      bigint NOT NULL DEFAULT 0,
  shipping_minor      bigint NOT NULL DEFAULT 0,
  tax_minor           bigint NOT NULL DEFAULT 0,
  total_minor         bigint NOT NULL,
  promised_at         timestamptz,
  priority            double precision NOT NULL DEFAULT 0,
  priority_explained  text,
  -- The routing decision: chosen allocations, every candidate with its score, and why.
  routing             jsonb,
  reservation_id      bigint REFERENCES reservation (id),
  source              text NOT NULL DEFAULT 'CHECKOUT' CHECK (source IN ('CHECKOUT', 'DRAFT', 'IMPORT')),
  note                text,
  key_owner           bigint,
  idempotency_key     text,
  placed_at           timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'ON_HOLD') = (held_from IS NOT NULL))
);
CREATE UNIQUE INDEX sales_order_external_ref_idx ON sales_order (channel_id, external_reference)
  WHERE external_reference IS NOT NULL;
CREATE UNIQUE INDEX sales_order_idempotency_idx ON sales_order (key_owner, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX sales_order_placed_idx ON sales_order (placed_at, id);
CREATE INDEX sales_order_channel_idx ON sales_order (channel_id, placed_at, id);
CREATE INDEX sales_order_status_idx ON sales_order (status, placed_at, id);
CREATE INDEX sales_order_email_idx ON sales_order (lower(customer_email));
CREATE INDEX sales_order_customer_ref_idx ON sales_order (customer_ref) WHERE customer_ref IS NOT NULL;
CREATE INDEX sales_order_unpaid_idx ON sales_order (pay_by) WHERE status = 'PENDING' AND payment_status = 'UNPAID';

-- Every ordered unit is in exactly one of: not yet allocated, allocated, shipped, cancelled;
-- delivered units are shipped units that arrived. The CHECKs keep the quantities consistent
-- whatever the code does.
CREATE TABLE order_line (
  order_id            bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
  line_no             int NOT NULL,
  variant_id          bigint NOT NULL,
  sku                 text NOT NULL,
  title               text NOT NULL,
  tax_class           text NOT NULL,
  unit_price_minor    bigint NOT NULL CHECK (unit_price_minor >= 0),
  discount_minor      bigint NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
  tax_rate_percent    numeric(6, 3) NOT NULL DEFAULT 0,
  tax_minor           bigint NOT NULL DEFAULT 0,
  total_minor         bigint NOT NULL,
  quantity_ordered    int NOT NULL CHECK (quantity_ordered > 0),
  quantity_allocated  int NOT NULL DEFAULT 0 CHECK (quantity_allocated >= 0),
  quantity_shipped    int NOT NULL DEFAULT 0 CHECK (quantity_shipped >= 0),
  quantity_delivered  int NOT NULL DEFAULT 0 CHECK (quantity_delivered >= 0),
  quantity_cancelled  int NOT NULL DEFAULT 0 CHECK (quantity_cancelled >= 0),
  PRIMARY KEY (order_id, line_no),
  CHECK (quantity_allocated + quantity_shipped + quantity_cancelled <= quantity_ordered),
  CHECK (quantity_delivered <= quantity_shipped)
);
CREATE INDEX order_line_variant_idx ON order_line (variant_id);

CREATE TABLE order_history (
  id          bigserial PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  actor       text,
  reason      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_history_order_idx ON order_history (order_id, id);

CREATE TABLE fulfillment_order (
  id          bigserial PRIMARY KEY,
  order_id    bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
  location_id bigint NOT NULL,
  status      text NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'SHIPPED', 'CANCELLED', 'ON_HOLD')),
  held_from   text,
  priority    double precision NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (order_id, location_id)
);
CREATE INDEX fulfillment_order_queue_idx ON fulfillment_order (location_id, priority DESC, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS');

-- Per fulfilment order and order line: units allocated at that location, shipped from it, and
-- cancelled there. Allocated here = quantity - shipped - cancelled.
CREATE TABLE fulfillment_order_line (
  fulfillment_order_id bigint NOT NULL REFERENCES fulfillment_order (id) ON DELETE CASCADE,
  order_id             bigint NOT NULL,
  line_no              int NOT NULL,
  variant_id           bigint NOT NULL,
  quantity             int NOT NULL CHECK (quantity >= 0),
  quantity_shipped     int NOT NULL DEFAULT 0 CHECK (quantity_shipped >= 0),
  quantity_cancelled   int NOT NULL DEFAULT 0 CHECK (quantity_cancelled >= 0),
  PRIMARY KEY (fulfillment_order_id, line_no),
  FOREIGN KEY (order_id, line_no) REFERENCES order_line (order_id, line_no) ON DELETE CASCADE,
  CHECK (quantity_shipped + quantity_cancelled <= quantity)
);
CREATE INDEX fulfillment_order_line_variant_idx ON fulfillment_order_line (variant_id);

CREATE TABLE shipment (
  id                   bigserial PRIMARY KEY,
  order_id             bigint NOT NULL REFERENCES sales_order (id) ON DELETE CASCADE,
  fulfillment_order_id bigint NOT NULL REFERENCES fulfillment_order (id),
  carrier              text,
  service              text,
  tracking_number      text,
  status               text NOT NULL CHECK (status IN ('SHIPPED', 'DELIVERED')),
  shipped_at           timestamptz NOT NULL DEFAULT now(),
  delivered_at         timestamptz
);
CREATE INDEX shipment_order_idx ON shipment (order_id, id);

CREATE TABLE shipment_line (
  shipment_id bigint NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
  line_no     int NOT NULL,
  quantity    int NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (shipment_id, line_no)
);

-- The ledger learns the order kinds: ALLOCATE (allocated up), CONVERT (reserved down: a
-- reservation's units became allocations), DEALLOCATE (allocated down: cancelled or re-routed),
-- SHIP (on hand down, with allocated down by the same units).
ALTER TABLE stock_movement DROP CONSTRAINT stock_movement_kind_check;
ALTER TABLE stock_movement ADD CONSTRAINT stock_movement_kind_check CHECK (kind IN ('RECEIVE',
  'ADJUST', 'SET', 'TRANSFER_OUT', 'TRANSFER_IN', 'RESERVE', 'RELEASE', 'EXPIRE', 'SAFETY_STOCK',
  'ALLOCATE', 'CONVERT', 'DEALLOCATE', 'SHIP'));
