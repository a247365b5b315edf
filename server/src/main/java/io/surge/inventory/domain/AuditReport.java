package io.surge.inventory.domain;

import java.time.Instant;
import java.util.List;

/** The result of comparing the hot store, the stock rows and the reservations behind them. */
public record AuditReport(Instant checkedAt, int checkedPools, List<AuditFinding> findings) {

  public boolean clean() {
    return findings.isEmpty();
  }
}
