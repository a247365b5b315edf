package io.surge.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.surge.audit.domain.AuditEntry;
import io.surge.audit.domain.AuditFilter;
import io.surge.audit.persistence.PgAuditRepository;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of staff mutations. {@link #record} only queues an entry, so auditing adds no
 * database round trip to a mutation; a timer writes the queue in batches every
 * {@link #FLUSH_MS} ms, or as soon as {@link #BATCH} entries wait. The queue is bounded: when it
 * is full, or PostgreSQL refuses a batch, the entries are dropped, counted
 * ({@code surge.audit.dropped}) and logged, never retried into an ever-growing backlog.
 * Thread-safe: {@link #record} may be called from any thread.
 */
public final class AuditTrail {
  static final int BATCH = 100;
  static final long FLUSH_MS = 200;
  private static final int CAPACITY = 10_000;
  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final Vertx vertx;
  private final PgAuditRepository repository;
  private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private long timer = -1;

  public AuditTrail(Vertx vertx, PgAuditRepository repository, MeterRegistry metrics) {
    this.vertx = vertx;
    this.repository = repository;
    Gauge.builder("surge.audit.dropped", dropped, AtomicLong::get).strongReference(true)
        .description("audit entries dropped: queue full or PostgreSQL unavailable").register(metrics);
    Gauge.builder("surge.audit.queued", queue, BlockingQueue::size).strongReference(true)
        .description("audit entries waiting to be written").register(metrics);
  }

  /** Starts the flush timer. */
  public void start() {
    timer = vertx.setPeriodic(FLUSH_MS, id -> flush());
  }

  /** Stops the timer and writes what is queued; completes when it is written (or dropped). */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    List<AuditEntry> rest = new ArrayList<>();
    queue.drainTo(rest);
    return rest.isEmpty() ? Future.succeededFuture() : write(rest);
  }

  /** Queues an entry; never blocks, never fails the caller. */
  public void record(AuditEntry entry) {
    if (!queue.offer(entry)) {
      drop(1, "the audit queue is full");
      return;
    }
    if (queue.size() >= BATCH && !flushing.get()) {
      vertx.runOnContext(v -> flush());
    }
  }

  /** Entries dropped since start (queue full or PostgreSQL unavailable). */
  public long dropped() {
    return dropped.get();
  }

  public Future<Page<AuditEntry>> page(PageRequest request, AuditFilter filter) {
    return repository.page(request, filter);
  }

  /** Writes one batch; while it runs no other flush starts, and a full queue flushes again. */
  private void flush() {
    if (queue.isEmpty() || !flushing.compareAndSet(false, true)) {
      return;
    }
    List<AuditEntry> batch = new ArrayList<>(BATCH);
    queue.drainTo(batch, BATCH);
    write(batch).onComplete(done -> {
      flushing.set(false);
      if (queue.size() >= BATCH) {
        flush();
      }
    });
  }

  private Future<Void> write(List<AuditEntry> batch) {
    return repository.insert(batch)
        .recover(failure -> {
          drop(batch.size(), "PostgreSQL refused an audit batch: " + failure.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Counts every drop; logs batches, and single drops (a full queue) once per thousand. */
  private void drop(int count, String reason) {
    long total = dropped.addAndGet(count);
    if (count > 1 || total % 1_000 == 1) {
      log.warn("{} audit entries dropped ({} in all): {}", count, total, reason);
    }
  }
}
