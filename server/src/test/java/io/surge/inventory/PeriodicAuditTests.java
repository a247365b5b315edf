package io.surge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The periodic full audit: when it runs")
class PeriodicAuditTests {
  private static final long NOW = 10_000_000;

  @Test
  @DisplayName("runs once reservations are quiet, if anything changed since the last one")
  void quietAndChanged() {
    assertThat(InventoryModule.auditDue(NOW, NOW - InventoryModule.AUDIT_QUIET_MS - 1, NOW - 60_000, true)).isTrue();
  }

  @Test
  @DisplayName("does not repeat itself on a quiet node where nothing changed")
  void quietAndUnchanged() {
    assertThat(InventoryModule.auditDue(NOW, NOW - 600_000 + 1, NOW - 60_000, false)).isFalse();
  }

  @Test
  @DisplayName("waits while batches are being written, unless it is overdue")
  void busy() {
    assertThat(InventoryModule.auditDue(NOW, NOW - 100, NOW - 60_000, true)).isFalse();
    assertThat(InventoryModule.auditDue(NOW, NOW - 100, NOW - InventoryModule.AUDIT_AT_LEAST_MS, true)).isTrue();
  }

  @Test
  @DisplayName("runs when overdue even if nothing changed (drift can come from outside the journal)")
  void overdue() {
    assertThat(InventoryModule.auditDue(NOW, NOW - 3_600_000, NOW - InventoryModule.AUDIT_AT_LEAST_MS, false)).isTrue();
  }
}
