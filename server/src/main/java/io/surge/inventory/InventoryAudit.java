package io.surge.inventory;

import io.surge.inventory.domain.AuditFinding;
import io.surge.inventory.domain.AuditReport;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.StockLevel;
import io.surge.inventory.hotstore.StockStore;
import io.surge.inventory.persistence.PgStockRepository;
import io.surge.inventory.persistence.PgStockRepository.AuditRow;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares, per pool, the hot store with the stock row, and the stock row with the reservations
 * behind it, all as of one moment: the journal pauses (an exclusive task, so no batch is
 * half-written) while PostgreSQL takes a snapshot and the hot store is copied; reservations queued
 * but not yet written are counted as what they are (out of the hot store, not yet in PostgreSQL).
 */
public final class InventoryAudit {
  private static final Logger log = LoggerFactory.getLogger(InventoryAudit.class);

  private final PgStockRepository stock;
  private final StockStore store;
  private final ReservationJournal journal;
  private final Clock clock;
  private final AtomicInteger lastFindings = new AtomicInteger();
  /** The journal's changes() when the last successful full audit took its snapshot; -1 before. */
  private volatile long changesAtFullAudit = -1;

  public InventoryAudit(PgStockRepository stock, StockStore store, ReservationJournal journal, Clock clock) {
    this.stock = stock;
    this.store = store;
    this.journal = journal;
    this.clock = clock;
  }

  /**
   * Audits the pools of these SKUs, or every pool when {@code skus} is null. The journal pauses
   * only while PostgreSQL takes the audit's snapshot and the hot store is copied for its pools (a
   * round trip); the long read (summing every active reservation: about 0.5 s with a million of
   * them, which paused every reservation that long when it ran inside the pause) runs after it, in
   * that snapshot.
   */
  public Future<AuditReport> audit(List<String> skus) {
    return journal.exclusive(() -> stock.beginAudit(skus).compose(snapshot -> {
      try {
        return Future.succeededFuture(take(snapshot));
      } catch (RuntimeException e) {
        return snapshot.abandon().transform(ended -> Future.<Taken>failedFuture(e));
      }
    })).compose(taken -> taken.snapshot().rows()
        .map(rows -> report(rows, taken.hot(), taken.pending(), taken.withdrawn()))
        .onSuccess(report -> {
          if (skus == null) {
            lastFindings.set(report.findings().size());
            changesAtFullAudit = taken.changes();
          }
        }));
  }

  /** The hot store's counts of the snapshot's pools and what the journal holds queued, during the pause. */
  private Taken take(PgStockRepository.AuditSnapshot snapshot) {
    Map<Long, StockStore.Counts> hot = new HashMap<>();
    for (long pool : snapshot.pools()) {
      StockStore.Counts counts = store.get(pool);
      if (counts != null) {
        hot.put(pool, counts);
      }
    }
    Map<Long, Integer> pending = new HashMap<>();
    for (ReservationJournal.Reserve reserve : journal.pending()) {
      for (ReservationLine line : reserve.lines()) {
        pending.merge(line.pool().key(), line.quantity(), Integer::sum);
      }
    }
    return new Taken(snapshot, hot, pending, journal.pendingWithdrawals(), journal.changes());
  }

  /** What the audit took during the journal's pause. */
  private record Taken(PgStockRepository.AuditSnapshot snapshot, Map<Long, StockStore.Counts> hot,
      Map<Long, Integer> pending, Map<Long, Integer> withdrawn, long changes) {}

  /** Whether the journal wrote anything since the last full audit took its snapshot. */
  public boolean changedSinceFullAudit() {
    return journal.changes() != changesAtFullAudit;
  }

  /** Findings of the last full audit (a metric). */
  public int lastFindings() {
    return lastFindings.get();
  }

  /** The periodic full audit: logs what it finds, and how long it took. */
  public Future<AuditReport> auditAllAndLog() {
    long started = System.nanoTime();
    return audit(null).onSuccess(report -> {
      log.info("inventory audit: {} pools, {} findings, {} ms", report.checkedPools(), report.findings().size(),
          (System.nanoTime() - started) / 1_000_000);
      if (!report.clean()) {
        log.warn("inventory audit found {} problems in {} pools: {}", report.findings().size(),
            report.checkedPools(), report.findings().subList(0, Math.min(10, report.findings().size())));
      }
    });
  }

  private AuditReport report(List<AuditRow> rows, Map<Long, StockStore.Counts> hotCounts,
      Map<Long, Integer> pending, Map<Long, Integer> withdrawn) {
    List<AuditFinding> findings = new ArrayList<>();
    for (AuditRow row : rows) {
      StockLevel level = row.level();
      long key = level.pool().key();
      int inFlight = pending.getOrDefault(key, 0);
      check(findings, row, "onHand >= allocated + reserved", level.allocated() + level.reserved(),
          Math.min(level.onHand(), level.allocated() + level.reserved()));
      check(findings, row, "reserved = units of active reservations", row.reservedByReservations(), level.reserved());
      check(findings, row, "allocated = units of orders still to ship", row.allocatedByOrders(), level.allocated());
      StockStore.Counts hot = hotCounts.get(key);
      if (hot == null) {
        if (level.onHand() > 0 || level.reserved() > 0) {
          findings.add(new AuditFinding(row.sku(), level.locationId(), "pool present in the hot store", 1, 0));
        }
        continue;
      }
      check(findings, row, "hot store available = sellable", level.sellable() - inFlight
          - withdrawn.getOrDefault(key, 0), hot.available());
      check(findings, row, "hot store reserved = reserved", level.reserved() + inFlight, hot.reserved());
    }
    return new AuditReport(clock.instant(), rows.size(), findings);
  }

  private static void check(List<AuditFinding> findings, AuditRow row, String check, long expected, long actual) {
    if (expected != actual) {
      findings.add(new AuditFinding(row.sku(), row.level().locationId(), check, expected, actual));
    }
  }
}
