package io.surge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/**
 * What must hold of a fixture's stock after any fault (an outage, a kill and a restart): no pool
 * promises more than it holds, reserved is what the active reservations hold, the node's audit is
 * clean, and the availability it answers is PostgreSQL's.
 */
public final class StockInvariants {
  private StockInvariants() {}

  /** Asserts the invariants on the node behind {@code inventory}; {@code when} names the moment in messages. */
  public static void assertHold(String pgUrl, InventoryFixture inventory, String when) {
    assertThat(Db.count(pgUrl, "SELECT count(*) FROM stock WHERE on_hand < allocated + reserved"))
        .as("pools promising more than they hold").isZero();
    assertThat(Db.count(pgUrl, "SELECT coalesce(sum(l.quantity), 0) FROM reservation r"
        + " JOIN reservation_lines l ON l.reservation_id = r.id WHERE r.status = 'ACTIVE'"))
        .as("units of active reservations").isEqualTo(Db.count(pgUrl, "SELECT coalesce(sum(reserved), 0) FROM stock"));
    JsonObject audit = inventory.audit();
    assertThat(audit.getJsonArray("findings")).as("audit findings " + when).isEmpty();
    assertThat(audit.getBoolean("clean")).isTrue();
    for (String sku : inventory.skus) {
      assertThat(inventory.available(sku)).as("availableQuantity of %s", sku).isEqualTo((int) Db.count(pgUrl,
          "SELECT on_hand - allocated - reserved - safety_stock FROM stock s JOIN variant v ON v.id = s.variant_id"
              + " WHERE v.sku = ?", sku));
    }
  }
}
