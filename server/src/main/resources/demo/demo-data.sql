-- Demo data: one channel, three locations in different cities, 1,000 products with three
-- variants each (SKU DEMO-0001-S ... DEMO-1000-L), a EUR price each, and stock everywhere.
-- Run once: DemoData skips it when the demo channel exists.

INSERT INTO location (code, name, kind, address_line1, address_city, address_postal_code,
                      address_country_code, latitude, longitude, ships, pickup)
VALUES ('BER-WH', 'Berlin warehouse', 'WAREHOUSE', 'Lagerstrasse 1', 'Berlin', '10115', 'DE', 52.5200, 13.4050, true, false),
       ('MUC-ST', 'Munich store', 'STORE', 'Marienplatz 8', 'Munich', '80331', 'DE', 48.1374, 11.5755, true, true),
       ('HAM-WH', 'Hamburg warehouse', 'WAREHOUSE', 'Hafenstrasse 5', 'Hamburg', '20095', 'DE', 53.5511, 9.9937, true, false);

INSERT INTO channel (code, name, currency_code) VALUES ('web', 'Web shop', 'EUR');

INSERT INTO channel_location (channel_id, location_id, position)
SELECT c.id, l.id, row_number() OVER (ORDER BY l.id)
FROM channel c CROSS JOIN location l
WHERE c.code = 'web' AND l.code IN ('BER-WH', 'MUC-ST', 'HAM-WH');

INSERT INTO product (handle, title, description)
SELECT 'demo-product-' || lpad(i::text, 4, '0'),
       (ARRAY['Classic', 'Organic', 'Vintage', 'Slim', 'Everyday', 'Premium', 'Essential', 'Relaxed'])[1 + i % 8]
         || ' ' || (ARRAY['Tee', 'Hoodie', 'Jeans', 'Sneaker', 'Jacket', 'Cap', 'Sock', 'Scarf', 'Shirt', 'Backpack'])[1 + (i / 8) % 10]
         || ' ' || lpad(i::text, 4, '0'),
       'Demo product number ' || i
FROM generate_series(1, 1000) AS i;

INSERT INTO variant (product_id, sku, title, selected_options, weight_grams, length_mm, width_mm, height_mm, position)
SELECT p.id,
       'DEMO-' || substr(p.handle, 14) || '-' || s.size,
       s.size,
       jsonb_build_array(jsonb_build_object('name', 'Size', 'value', s.size)),
       200 + s.pos * 50, 300, 200, 20 + s.pos * 10, s.pos
FROM product p
CROSS JOIN (VALUES ('S', 1), ('M', 2), ('L', 3)) AS s(size, pos)
WHERE p.handle LIKE 'demo-product-%';

INSERT INTO variant_price (variant_id, currency_code, amount_minor)
SELECT v.id, 'EUR', 999 + (v.product_id * 137 % 9000) + v.position * 100
FROM variant v WHERE v.sku LIKE 'DEMO-%';

INSERT INTO stock (variant_id, location_id, on_hand)
SELECT v.id, l.id, 5 + (v.id * 7 + l.id * 13) % 50
FROM variant v CROSS JOIN location l
WHERE v.sku LIKE 'DEMO-%' AND l.code IN ('BER-WH', 'MUC-ST', 'HAM-WH');
