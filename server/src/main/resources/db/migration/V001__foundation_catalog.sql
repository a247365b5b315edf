-- Foundation: sales channels, locations, products and variants, stock on hand, API keys.

CREATE TABLE location (
  id            bigserial PRIMARY KEY,
  code          text NOT NULL UNIQUE,
  name          text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('WAREHOUSE', 'STORE', 'DROPSHIP')),
  address_name    text,
  address_company text,
  address_line1   text NOT NULL,
  address_line2   text,
  address_city    text NOT NULL,
  address_region  text,
  address_postal_code text,
  address_country_code char(2) NOT NULL,
  address_phone   text,
  latitude      double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude     double precision CHECK (longitude BETWEEN -180 AND 180),
  ships         boolean NOT NULL DEFAULT true,
  pickup        boolean NOT NULL DEFAULT false,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channel (
  id            bigserial PRIMARY KEY,
  code          text NOT NULL UNIQUE,
  name          text NOT NULL,
  currency_code char(3) NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Which locations serve a channel, in the channel's preferred order.
CREATE TABLE channel_location (
  channel_id    bigint NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
  location_id   bigint NOT NULL REFERENCES location (id),
  position      int NOT NULL,
  PRIMARY KEY (channel_id, location_id)
);
CREATE INDEX channel_location_location_idx ON channel_location (location_id);

CREATE TABLE product (
  id            bigserial PRIMARY KEY,
  handle        text NOT NULL UNIQUE,
  title         text NOT NULL,
  description   text,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_title_lower_idx ON product (lower(title) text_pattern_ops);

CREATE TABLE variant (
  id            bigserial PRIMARY KEY,
  product_id    bigint NOT NULL REFERENCES product (id) ON DELETE CASCADE,
  sku           text NOT NULL UNIQUE,
  title         text NOT NULL,
  -- [{"name": "Size", "value": "M"}, ...] in the product's option order
  selected_options jsonb NOT NULL DEFAULT '[]',
  barcode       text,
  weight_grams  int CHECK (weight_grams >= 0),
  length_mm     int CHECK (length_mm > 0),
  width_mm      int CHECK (width_mm > 0),
  height_mm     int CHECK (height_mm > 0),
  tax_class     text NOT NULL DEFAULT 'standard',
  active        boolean NOT NULL DEFAULT true,
  position      int NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX variant_product_idx ON variant (product_id, position, id);

-- One price per variant and currency, in minor units.
CREATE TABLE variant_price (
  variant_id    bigint NOT NULL REFERENCES variant (id) ON DELETE CASCADE,
  currency_code char(3) NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (variant_id, currency_code)
);

-- Stock per (variant, location). On hand only for now; the inventory issue adds the rest.
CREATE TABLE stock (
  variant_id    bigint NOT NULL REFERENCES variant (id) ON DELETE CASCADE,
  location_id   bigint NOT NULL REFERENCES location (id),
  on_hand       int NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (variant_id, location_id)
);
CREATE INDEX stock_location_idx ON stock (location_id);

CREATE TABLE api_key (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('ADMIN', 'STAFF', 'CHANNEL')),
  channel_id    bigint REFERENCES channel (id),
  -- SHA-256 of the secret; the secret itself is never stored.
  key_hash      bytea NOT NULL UNIQUE,
  prefix        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz,
  CHECK ((role = 'CHANNEL') = (channel_id IS NOT NULL))
);
