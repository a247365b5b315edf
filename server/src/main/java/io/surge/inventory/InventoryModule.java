package io.surge.inventory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.surge.catalog.CatalogService;
import io.surge.graphql.DomainWiring;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReservationStatus;
import io.surge.inventory.graphql.InventoryWiring;
import io.surge.inventory.hotstore.StockStore;
import io.surge.inventory.persistence.PgReservationRepository;
import io.surge.inventory.persistence.PgSaleRulesRepository;
import io.surge.inventory.persistence.PgStockRepository;
import io.surge.locations.persistence.PgLocationRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory domain assembled for one node: the journal on a context of its own, the services
 * over the hot store, and the timers that expire reservations, sweep up those left behind, and
 * audit the stock.
 */
public final class InventoryModule {
  private static final Logger log = LoggerFactory.getLogger(InventoryModule.class);
  static final long EXPIRY_TICK_MS = 250;
  static final long SWEEP_MS = 10_000;
  static final int SWEEP_GRACE_SECONDS = 5;
  static final long AUDIT_CHECK_MS = 60_000;
  /** A full audit sums every active reservation (in a snapshot, the journal paused only to take it): preferably when quiet. */
  static final long AUDIT_QUIET_MS = 5_000;
  /** ... but never let more than this pass without one. */
  static final long AUDIT_AT_LEAST_MS = 600_000;

  private final Vertx vertx;
  private final ReservationJournal journal;
  private final PgReservationRepository reservations;
  private final InventoryAudit audit;
  private final StockEvents events;
  private final InventoryWiring wiring;
  private final ReservationService reservationService;
  private final Clock clock;
  private final List<Long> timers = new ArrayList<>();

  private InventoryModule(Vertx vertx, ReservationJournal journal, PgReservationRepository reservations,
      InventoryAudit audit, StockEvents events, InventoryWiring wiring, ReservationService reservationService,
      Clock clock) {
    this.reservationService = reservationService;
    this.vertx = vertx;
    this.journal = journal;
    this.reservations = reservations;
    this.audit = audit;
    this.events = events;
    this.wiring = wiring;
    this.clock = clock;
  }

  /**
   * Where the reservation journal runs: its context (in a server, an event loop of its own) and the
   * pool its batches are written through, used only from that context so PostgreSQL's answers
   * arrive on the journal's loop (docs/PERFORMANCE.md §3e).
   */
  public record JournalHome(Context context, Pool pool) {}

  public static InventoryModule create(Vertx vertx, Pool pool, JournalHome journalHome, Redis redis,
      Redis listenerRedis, StockStore store, CatalogService catalog, PgLocationRepository locations,
      String nodeId, MeterRegistry metrics) {
    Clock clock = Clock.systemUTC();
    var stockRepository = new PgStockRepository(pool);
    var reservationRepository = new PgReservationRepository(pool, nodeId);
    var directory = new InventoryDirectory(stockRepository);
    var events = new StockEvents(vertx, redis, listenerRedis, store, directory);
    ReservationService[] service = new ReservationService[1];
    var journalRepository = new PgReservationRepository(journalHome.pool(), nodeId);
    var journal = new ReservationJournal(journalHome.context(), journalRepository, store,
        new ReservationJournal.Listener() {
          @Override
          public void poolsChanged(Set<io.surge.inventory.domain.Pool> pools) {
            events.poolsChanged(pools);
          }

          @Override
          public void ended(String customerRef, List<ReservationLine> lines) {
            service[0].ended(customerRef, lines);
          }

          @Override
          public void reinstated(String customerRef, List<ReservationLine> lines) {
            service[0].reinstated(customerRef, lines);
          }
        });
    service[0] = new ReservationService(directory, store, journal, reservationRepository, clock);
    var stock = new StockService(directory, store, journal, stockRepository, locations, events::poolsChanged);
    var saleRules = new SaleRulesService(new PgSaleRulesRepository(pool), directory);
    var audit = new InventoryAudit(stockRepository, store, journal, clock);
    var wiring = new InventoryWiring(service[0], stock, saleRules, audit, directory, stockRepository, catalog, events);
    Gauge.builder("surge.inventory.audit.findings", audit, InventoryAudit::lastFindings)
        .description("problems found by the last full inventory audit").register(metrics);
    Gauge.builder("surge.reservations.batch.mean", journal, ReservationJournal::meanBatchSize)
        .description("mean reservation changes per committed batch").register(metrics);
    FunctionCounter.builder("surge.reservations.batches", journal, ReservationJournal::batches)
        .description("journal batches written").register(metrics);
    FunctionCounter.builder("surge.reservations.batch.write.seconds", journal, ReservationJournal::writeSeconds)
        .description("time journal batches spent being written in PostgreSQL, summed (its rate is how busy the journal is)")
        .register(metrics);
    return new InventoryModule(vertx, journal, reservationRepository, audit, events, wiring, service[0], clock);
  }

  public DomainWiring wiring() {
    return wiring;
  }

  /** For orders: reservations are what orders convert. */
  public ReservationService reservations() {
    return reservationService;
  }

  /** For orders: placements are written with the reservation batches, other changes as exclusive tasks. */
  public ReservationJournal journal() {
    return journal;
  }

  /** Publishes the current counts of pools whose availability changed. */
  public void poolsChanged(Set<io.surge.inventory.domain.Pool> pools) {
    events.poolsChanged(pools);
  }

  /** Tracks the reservations already active, then starts expiry, the sweep, the audit and live events. */
  public Future<Void> start() {
    events.start();
    return reservations.activeExpiries()
        .compose(journal::trackActive)
        .onSuccess(tracked -> journal.context().runOnContext(v -> {
          timers.add(vertx.setPeriodic(EXPIRY_TICK_MS, id -> journal.expireDue(clock.instant())));
          timers.add(vertx.setPeriodic(SWEEP_MS, id -> sweep()));
          timers.add(vertx.setPeriodic(AUDIT_CHECK_MS, id -> periodicAudit()));
        }));
  }

  private long lastAuditMillis = System.currentTimeMillis();

  /**
   * The periodic full audit: when no batch was written for a while and something changed since the
   * last one, or when one is overdue. It sums every active reservation: with a million of them that
   * is one to two seconds of PostgreSQL CPU, so a quiet node does not repeat it every minute for
   * nothing (docs/PERFORMANCE.md §5).
   */
  private void periodicAudit() {
    long now = System.currentTimeMillis();
    if (!auditDue(now, journal.lastBatchMillis(), lastAuditMillis, audit.changedSinceFullAudit())) {
      return;
    }
    lastAuditMillis = now;
    audit.auditAllAndLog()
        .onFailure(failure -> log.warn("periodic inventory audit failed: {}", failure.toString()));
  }

  /** Whether the periodic audit runs now: overdue, or quiet with something changed since the last. */
  static boolean auditDue(long nowMillis, long lastBatchMillis, long lastAuditMillis, boolean changedSinceAudit) {
    boolean overdue = nowMillis - lastAuditMillis >= AUDIT_AT_LEAST_MS;
    boolean quiet = nowMillis - lastBatchMillis > AUDIT_QUIET_MS;
    return overdue || (quiet && changedSinceAudit);
  }


  /** Ends reservations past expiry that no node ended (their node died). */
  private void sweep() {
    reservations.overdue(SWEEP_GRACE_SECONDS, 1_000)
        .onSuccess(ids -> ids.forEach(id -> journal.end(id, ReservationStatus.EXPIRED)))
        .onFailure(failure -> log.debug("expiry sweep skipped: {}", failure.toString()));
  }

  public void stop() {
    timers.forEach(vertx::cancelTimer);
    events.close();
  }
}
