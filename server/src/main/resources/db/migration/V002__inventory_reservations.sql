-- Inventory: the full stock counters, the movement ledger, reservations, flash-sale controls and
-- idempotency keys.

ALTER TABLE stock
  ADD COLUMN allocated    int NOT NULL DEFAULT 0 CHECK (allocated >= 0),
  ADD COLUMN reserved     int NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  ADD COLUMN safety_stock int NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  -- Units sent here by a transfer and not yet received.
  ADD COLUMN incoming     int NOT NULL DEFAULT 0 CHECK (incoming >= 0),
  -- The invariant the whole inventory design protects: never more promised than on hand.
  ADD CONSTRAINT stock_never_oversold CHECK (on_hand >= allocated + reserved);

-- Every change of a stock counter, with why and who. quantity is the signed change of the
-- counter the kind names (on_hand for RECEIVE/ADJUST/SET/TRANSFER_*, reserved for RESERVE/RELEASE/
-- EXPIRE, safety_stock for SAFETY_STOCK).
CREATE TABLE stock_movement (
  id          bigserial PRIMARY KEY,
  variant_id  bigint NOT NULL,
  location_id bigint NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('RECEIVE', 'ADJUST', 'SET', 'TRANSFER_OUT', 'TRANSFER_IN',
                'RESERVE', 'RELEASE', 'EXPIRE', 'SAFETY_STOCK')),
  quantity    int NOT NULL,
  reason      text,
  actor       text,
  reference   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movement_pool_idx ON stock_movement (variant_id, location_id, id);

-- Reservation ids come from this sequence in blocks of 1,000 (one nextval per block), so a node
-- can answer a reservation with its id before the batch that stores it commits.
CREATE SEQUENCE reservation_id_seq INCREMENT BY 1000;

CREATE TABLE reservation (
  id              bigint PRIMARY KEY,
  channel_id      bigint NOT NULL REFERENCES channel (id),
  customer_ref    text,
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONVERTED')),
  expires_at      timestamptz NOT NULL,
  node_id         text NOT NULL,
  key_owner       bigint,
  idempotency_key text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  ended_at        timestamptz
);
CREATE INDEX reservation_active_expiry_idx ON reservation (expires_at) WHERE status = 'ACTIVE';
CREATE INDEX reservation_customer_idx ON reservation (customer_ref)
  WHERE status = 'ACTIVE' AND customer_ref IS NOT NULL;
CREATE UNIQUE INDEX reservation_idempotency_idx ON reservation (key_owner, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE TABLE reservation_line (
  reservation_id bigint NOT NULL REFERENCES reservation (id),
  line_no        int NOT NULL,
  variant_id     bigint NOT NULL,
  location_id    bigint NOT NULL,
  quantity       int NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (reservation_id, line_no)
);

-- How long a channel's reservations last when the client does not say, and at most.
ALTER TABLE channel
  ADD COLUMN reservation_ttl_default_seconds int NOT NULL DEFAULT 900 CHECK (reservation_ttl_default_seconds > 0),
  ADD COLUMN reservation_ttl_max_seconds     int NOT NULL DEFAULT 3600 CHECK (reservation_ttl_max_seconds > 0);

-- Flash-sale controls on a variant: null means no limit / no window.
ALTER TABLE variant
  ADD COLUMN max_per_reservation int CHECK (max_per_reservation > 0),
  ADD COLUMN max_per_customer    int CHECK (max_per_customer > 0),
  ADD COLUMN sale_starts_at      timestamptz,
  ADD COLUMN sale_ends_at        timestamptz;

-- A campaign applies the same controls to many variants at once; the strictest rule wins.
CREATE TABLE campaign (
  id                  bigserial PRIMARY KEY,
  code                text NOT NULL UNIQUE,
  name                text NOT NULL,
  max_per_reservation int CHECK (max_per_reservation > 0),
  max_per_customer    int CHECK (max_per_customer > 0),
  starts_at           timestamptz,
  ends_at             timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE campaign_variant (
  campaign_id bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
  variant_id  bigint NOT NULL REFERENCES variant (id) ON DELETE CASCADE,
  PRIMARY KEY (campaign_id, variant_id)
);
CREATE INDEX campaign_variant_variant_idx ON campaign_variant (variant_id);

-- Idempotency-Key header: one row per (API key, idempotency key).
CREATE TABLE idempotency_key (
  key_owner     bigint NOT NULL,
  key           text NOT NULL,
  request_hash  bytea NOT NULL,
  status        text NOT NULL CHECK (status IN ('IN_PROGRESS', 'COMPLETED')),
  response      text,
  locked_until  timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key_owner, key)
);

-- Transfers between locations: units leave the source at once and arrive on receipt.
CREATE TABLE stock_transfer (
  id               bigserial PRIMARY KEY,
  variant_id       bigint NOT NULL REFERENCES variant (id),
  from_location_id bigint NOT NULL REFERENCES location (id),
  to_location_id   bigint NOT NULL REFERENCES location (id),
  quantity         int NOT NULL CHECK (quantity > 0),
  status           text NOT NULL CHECK (status IN ('IN_TRANSIT', 'RECEIVED')),
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  received_at      timestamptz,
  CHECK (from_location_id <> to_location_id)
);
