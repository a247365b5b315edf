package io.surge.inventory.persistence;

/** The named SQL of stock rows, stock operations, lookups and audits. */
final class InventorySql {
  private InventorySql() {}

  static final String SELLABLE_VARIANTS = """
      SELECT v.id, v.sku, (v.active AND p.active) AS active,
             v.max_per_reservation, v.max_per_customer, v.sale_starts_at, v.sale_ends_at,
             c.max_per_reservation AS c_max_per_reservation, c.max_per_customer AS c_max_per_customer,
             c.starts_at AS c_starts_at, c.ends_at AS c_ends_at
      FROM variant v
      JOIN product p ON p.id = v.product_id
      LEFT JOIN LATERAL (
        SELECT min(c.max_per_reservation) AS max_per_reservation, min(c.max_per_customer) AS max_per_customer,
               max(c.starts_at) AS starts_at, min(c.ends_at) AS ends_at
        FROM campaign c JOIN campaign_variant cv ON cv.campaign_id = c.id
        WHERE cv.variant_id = v.id) c ON true
      WHERE v.sku = ANY($1)""";

  static final String CHANNEL_STOCK = """
      SELECT c.id, c.active, c.reservation_ttl_default_seconds, c.reservation_ttl_max_seconds,
             l.id AS location_id, l.latitude, l.longitude, l.ships, l.active AS location_active
      FROM channel c
      LEFT JOIN channel_location cl ON cl.channel_id = c.id
      LEFT JOIN location l ON l.id = cl.location_id
      WHERE c.id = $1
      ORDER BY cl.position""";

  static final String LEVELS_BY_VARIANTS = """
      SELECT variant_id, location_id, on_hand, allocated, reserved, safety_stock, incoming
      FROM stock WHERE variant_id = ANY($1) ORDER BY variant_id, location_id""";

  static final String LEVEL = """
      SELECT variant_id, location_id, on_hand, allocated, reserved, safety_stock, incoming
      FROM stock WHERE variant_id = $1 AND location_id = $2""";

  /**
   * Changes on hand by $3 (creating the row), writing the ledger row in the same statement.
   * PostgreSQL checks the proposed insert row against the table's checks before it looks for a
   * conflict, so the inserted value must be valid on its own (never negative).
   */
  static final String CHANGE_ON_HAND = """
      WITH changed AS (
        INSERT INTO stock AS s (variant_id, location_id, on_hand) VALUES ($1, $2, greatest($3, 0))
        ON CONFLICT (variant_id, location_id)
        DO UPDATE SET on_hand = s.on_hand + $3, updated_at = now()
        RETURNING s.*
      ), ledger AS (
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reason, actor, reference)
        VALUES ($1, $2, $4, $3, $5, $6, $7)
      )
      SELECT variant_id, location_id, on_hand, allocated, reserved, safety_stock, incoming FROM changed""";

  static final String SET_SAFETY_STOCK = """
      WITH old AS (
        SELECT safety_stock FROM stock WHERE variant_id = $1 AND location_id = $2
      ), changed AS (
        INSERT INTO stock AS s (variant_id, location_id, on_hand, safety_stock) VALUES ($1, $2, 0, $3)
        ON CONFLICT (variant_id, location_id)
        DO UPDATE SET safety_stock = EXCLUDED.safety_stock, updated_at = now()
        RETURNING s.*
      ), ledger AS (
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reason, actor)
        SELECT $1, $2, 'SAFETY_STOCK', $3 - coalesce((SELECT safety_stock FROM old), 0), 'safety stock', $4
      )
      SELECT variant_id, location_id, on_hand, allocated, reserved, safety_stock, incoming FROM changed""";

  static final String START_TRANSFER = """
      WITH moved_out AS (
        UPDATE stock SET on_hand = on_hand - $4, updated_at = now()
        WHERE variant_id = $1 AND location_id = $2
        RETURNING variant_id
      ), moved_in AS (
        INSERT INTO stock AS s (variant_id, location_id, on_hand, incoming) SELECT $1, $3, 0, $4 FROM moved_out
        ON CONFLICT (variant_id, location_id)
        DO UPDATE SET incoming = s.incoming + EXCLUDED.incoming, updated_at = now()
      ), transfer AS (
        INSERT INTO stock_transfer (variant_id, from_location_id, to_location_id, quantity, status, created_by)
        SELECT $1, $2, $3, $4, 'IN_TRANSIT', $5 FROM moved_out
        RETURNING id
      ), ledger AS (
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reason, actor, reference)
        SELECT $1, $2, 'TRANSFER_OUT', -$4, 'transfer', $5, 'transfer:' || id FROM transfer
      )
      SELECT id FROM transfer""";

  static final String RECEIVE_TRANSFER = """
      WITH received AS (
        UPDATE stock_transfer SET status = 'RECEIVED', received_at = now()
        WHERE id = $1 AND status = 'IN_TRANSIT'
        RETURNING id, variant_id, to_location_id, quantity
      ), moved_in AS (
        UPDATE stock s SET on_hand = s.on_hand + r.quantity, incoming = s.incoming - r.quantity, updated_at = now()
        FROM received r WHERE s.variant_id = r.variant_id AND s.location_id = r.to_location_id
      ), ledger AS (
        INSERT INTO stock_movement (variant_id, location_id, kind, quantity, reason, actor, reference)
        SELECT variant_id, to_location_id, 'TRANSFER_IN', quantity, 'transfer', $2, 'transfer:' || id FROM received
      )
      SELECT id, variant_id, to_location_id, quantity FROM received""";

  static final String TRANSFER = """
      SELECT t.id, t.variant_id, v.sku, t.from_location_id, t.to_location_id, t.quantity, t.status,
             t.created_at, t.received_at
      FROM stock_transfer t JOIN variant v ON v.id = t.variant_id WHERE t.id = $1""";

  static final String ALL_LEVELS = """
      SELECT variant_id, location_id, on_hand, allocated, reserved, safety_stock, incoming FROM stock""";

  /** An audit's snapshot: every statement after it sees the database as of its first one. */
  static final String BEGIN_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

  static final String AUDIT_POOLS = """
      SELECT s.variant_id, s.location_id FROM stock s JOIN variant v ON v.id = s.variant_id
      WHERE $1::text[] IS NULL OR v.sku = ANY($1)""";

  /** Each pool with the units its active reservations and its orders hold; $1 null means every pool. */
  static final String AUDIT = """
      SELECT s.variant_id, v.sku, s.location_id, s.on_hand, s.allocated, s.reserved, s.safety_stock,
             s.incoming, coalesce(r.units, 0)::int AS reserved_by_reservations,
             coalesce(a.units, 0)::int AS allocated_by_orders
      FROM stock s
      JOIN variant v ON v.id = s.variant_id
      LEFT JOIN (
        SELECT l.variant_id, l.location_id, sum(l.quantity) AS units
        FROM reservation_lines l
        WHERE l.status = 'ACTIVE'
        GROUP BY l.variant_id, l.location_id) r
        ON r.variant_id = s.variant_id AND r.location_id = s.location_id
      LEFT JOIN (
        SELECT fl.variant_id, f.location_id, sum(fl.quantity - fl.quantity_shipped - fl.quantity_cancelled) AS units
        FROM fulfillment_order_line fl JOIN fulfillment_order f ON f.id = fl.fulfillment_order_id
        GROUP BY fl.variant_id, f.location_id) a
        ON a.variant_id = s.variant_id AND a.location_id = s.location_id
      WHERE $1::text[] IS NULL OR v.sku = ANY($1)
      ORDER BY v.sku, s.location_id""";

  static final String COUNT_MOVEMENTS = """
      SELECT count(*) FROM stock_movement m JOIN variant v ON v.id = m.variant_id
      WHERE v.sku = $1 AND ($2::bigint IS NULL OR m.location_id = $2)""";

  static final String MOVEMENTS = """
      SELECT m.id, m.variant_id, v.sku, m.location_id, m.kind, m.quantity, m.reason, m.actor,
             m.reference, m.created_at
      FROM stock_movement m JOIN variant v ON v.id = m.variant_id
      WHERE v.sku = $1 AND ($2::bigint IS NULL OR m.location_id = $2) AND m.id < $3
      ORDER BY m.id DESC LIMIT $4""";
}
