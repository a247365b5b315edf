package io.surge.inventory;

import io.surge.common.CallerFutures;
import io.surge.graphql.ApiException;
import io.surge.graphql.ErrorCode;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReservationStatus;
import io.surge.inventory.hotstore.StockStore;
import io.surge.inventory.persistence.PgReservationRepository;
import io.surge.inventory.persistence.PgReservationRepository.BatchResult;
import io.surge.inventory.persistence.PgReservationRepository.Ended;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for reservations. Event loops hand in reservations already taken from the hot
 * store; the journal writes everything queued as one statement, applies what it did to the hot
 * store, sends the next batch, then answers every request in the batch. While a batch is being
 * written the next one fills up, so the batch size follows the load and no timer is needed. A failed batch answers {@code UNAVAILABLE} (retryable) and gives its
 * units back to the hot store, at once when PostgreSQL refused it, or once PostgreSQL says it did
 * not commit when the answer was lost (an in-doubt batch, see {@link #failed}).
 *
 * <p>Other stock changes run as exclusive tasks between batches, so an audit or a stock
 * operation never interleaves with a half-written batch. All state lives on one Vert.x context;
 * public methods may be called from any thread and complete their futures on the caller's
 * context.
 */
public final class ReservationJournal {
  private static final Logger log = LoggerFactory.getLogger(ReservationJournal.class);
  static final int MAX_BATCH = 512;

  private final Context context;
  private final PgReservationRepository repository;
  private final StockStore store;
  private final ExpiryQueue expiries = new ExpiryQueue();
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  /**
   * Entries submitted from other threads, moved into {@link #queue} on the journal's context. A
   * submitter wakes the journal only when nothing else will bring it back here (no batch or
   * exclusive task out, no wake-up scheduled): in a storm, entries pile up while a batch is out
   * and go into the next one without a task and a wake-up each (docs/PERFORMANCE.md §3e).
   */
  private final Queue<Entry> inbox = new ConcurrentLinkedQueue<>();
  /** True while the journal will look at {@link #inbox} without being woken. */
  private final AtomicBoolean looking = new AtomicBoolean();
  private final Listener listener;
  /**
   * Batches written at once. Two were tried (the batch function locks rows in one order, so they
   * cannot deadlock): on one hot SKU both wait for the same stock row, batches halve and the rate
   * fell from 18.8k to 15.4k reservations/s; tried again with the stock row locked last and only
   * sizeable second batches, 26.3k fell to 24.3k (docs/PERFORMANCE.md §3b, §3d), so one it is.
   */
  static final int MAX_IN_FLIGHT = 1;
  private int inFlight;
  private boolean exclusiveRunning;
  /** Failed batches PostgreSQL may have committed anyway, their units held until settled. */
  private final List<InDoubt> inDoubt = new ArrayList<>();
  private boolean settling;
  /** How long to wait before asking PostgreSQL again whether an in-doubt batch committed. */
  static final long SETTLE_RETRY_MS = 1_000;
  private long batches;
  private long exclusives;
  private long batchedEntries;
  /** Time batches spent being written (sent until PostgreSQL answered), summed: how busy the journal's one connection is. */
  private volatile long writeNanos;
  private volatile long lastBatchMillis;

  private sealed interface Entry permits Reserve, End, Extend, Place, Exclusive {
    /** Completed with the entry's outcome once its batch (or task) is done. */
    Promise<?> done();
  }

  /** A new reservation whose units the hot store already holds. */
  public record Reserve(long id, long channelId, String customerRef, Instant expiresAt,
      Long keyOwner, String idempotencyKey, List<ReservationLine> lines, Promise<Void> done)
      implements Entry {}

  private record End(long id, ReservationStatus status, Promise<List<ReservationLine>> done) implements Entry {}

  private record Extend(long id, Instant expiresAt, Promise<Boolean> done) implements Entry {}

  /** Units of one pool (its hot-store key). */
  public record PoolUnits(long pool, int quantity) {}

  /**
   * An order placement written with the batch (function {@code surge_place_orders}): the prepared
   * order, and its hot-store effects. {@code withdrawn} units were taken from available before it
   * was queued (given back unless the order is placed); on placement {@code converted} reservation
   * units leave reserved (they are allocated now) and {@code released} ones go back to available.
   */
  private record Place(JsonObject order, Long reservationId, List<PoolUnits> converted,
      List<PoolUnits> withdrawn, List<PoolUnits> released, Promise<PlaceOutcome> done) implements Entry {}

  /** What placing one order came to: PLACED, REPLAYED, DUPLICATE, RESERVATION_NOT_ACTIVE or CONFLICT. */
  public record PlaceOutcome(String outcome, Long orderId, String number) {
    public boolean placed() {
      return "PLACED".equals(outcome);
    }
  }

  private record Exclusive(Supplier<Future<Object>> task, Promise<Object> done) implements Entry {}

  /** Told, on the journal's context, what committed batches changed. */
  public interface Listener {
    /** Pools whose counts changed (for live stock events). */
    void poolsChanged(Set<Pool> pools);

    /** A reservation ended (released or expired) and gave these units back. */
    void ended(String customerRef, List<ReservationLine> lines);

    /** A reservation its caller was told had failed turned out stored: it holds these units again. */
    void reinstated(String customerRef, List<ReservationLine> lines);
  }

  public ReservationJournal(Context context, PgReservationRepository repository, StockStore store,
      Listener listener) {
    this.context = context;
    this.repository = repository;
    this.store = store;
    this.listener = listener;
  }

  /** Queues a new reservation; completes once it is committed in PostgreSQL. */
  public Future<Void> reserve(long id, long channelId, String customerRef, Instant expiresAt,
      Long keyOwner, String idempotencyKey, List<ReservationLine> lines) {
    Promise<Void> done = Promise.promise();
    submit(new Reserve(id, channelId, customerRef, expiresAt, keyOwner, idempotencyKey, lines, done));
    return CallerFutures.onCaller(done.future());
  }

  /**
   * Ends an active reservation (released or expired); completes with the lines it gave back, or
   * an empty list when it was not active any more.
   */
  public Future<List<ReservationLine>> end(long id, ReservationStatus status) {
    Promise<List<ReservationLine>> done = Promise.promise();
    submit(new End(id, status, done));
    return CallerFutures.onCaller(done.future());
  }

  /**
   * Queues an order placement into the next batch; completes once the batch committed, with what
   * became of the order (see {@link Place}).
   */
  public Future<PlaceOutcome> place(JsonObject order, Long reservationId, List<PoolUnits> converted,
      List<PoolUnits> withdrawn, List<PoolUnits> released) {
    Promise<PlaceOutcome> done = Promise.promise();
    submit(new Place(order, reservationId, converted, withdrawn, released, done));
    return CallerFutures.onCaller(done.future());
  }

  /** Moves an active reservation's expiry; completes with whether it was still active. */
  public Future<Boolean> extend(long id, Instant expiresAt) {
    Promise<Boolean> done = Promise.promise();
    submit(new Extend(id, expiresAt, done));
    return CallerFutures.onCaller(done.future());
  }

  /**
   * Runs {@code task} alone, between batches: stock operations and audits, so they see no
   * batch half-written. Reservations queued meanwhile wait.
   */
  @SuppressWarnings("unchecked")
  public <T> Future<T> exclusive(Supplier<Future<T>> task) {
    Promise<Object> done = Promise.promise();
    submit(new Exclusive(() -> (Future<Object>) task.get(), done));
    return CallerFutures.onCaller((Future<T>) done.future());
  }

  /** Starts tracking reservations found active at start-up, so they expire on time. */
  public Future<Void> trackActive(Map<Long, Instant> active) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      active.forEach(expiries::track);
      done.complete();
    });
    return done.future();
  }

  /** Ends every tracked reservation that is due; called by the expiry timer on the journal context. */
  void expireDue(Instant now) {
    for (long id : expiries.due(now, 10_000)) {
      queue.add(new End(id, ReservationStatus.EXPIRED, Promise.promise()));
    }
    flushIfIdle();
  }

  /** Reservations queued but not yet committed: their units are out of the hot store already. */
  List<Reserve> pending() {
    List<Reserve> pending = new ArrayList<>();
    for (Entry entry : queued()) {
      if (entry instanceof Reserve reserve) {
        pending.add(reserve);
      }
    }
    return pending;
  }

  /** Entries not yet in a batch: queued, and submitted but not yet moved into the queue. */
  private List<Entry> queued() {
    List<Entry> queued = new ArrayList<>(queue);
    queued.addAll(inbox);
    return queued;
  }

  /** Units queued order placements took from available, per pool, not yet written. */
  Map<Long, Integer> pendingWithdrawals() {
    Map<Long, Integer> withdrawn = new java.util.HashMap<>();
    for (Entry entry : queued()) {
      if (entry instanceof Place place) {
        place.withdrawn().forEach(units -> withdrawn.merge(units.pool(), units.quantity(), Integer::sum));
      }
    }
    return withdrawn;
  }

  public Context context() {
    return context;
  }

  /** When the last batch started, in epoch milliseconds (0 before the first). */
  public long lastBatchMillis() {
    return lastBatchMillis;
  }

  /**
   * How many batches and exclusive tasks (stock operations, audits) have run so far: when it has
   * not moved, nothing this journal writes has changed.
   */
  public long changes() {
    return batches + exclusives;
  }

  /** Batches written so far, committed or failed. */
  public long batches() {
    return batches;
  }

  /** Seconds batches spent being written, summed. */
  public double writeSeconds() {
    return writeNanos / 1e9;
  }

  /** Mean entries per batch since start, for metrics and benchmarks. */
  public double meanBatchSize() {
    return batches == 0 ? 0 : (double) batchedEntries / batches;
  }

  private void submit(Entry entry) {
    inbox.add(entry);
    if (Vertx.currentContext() == context) {
      flushIfIdle();
    } else if (!looking.get() && looking.compareAndSet(false, true)) {
      context.runOnContext(v -> flushIfIdle());
    }
  }

  /** Moves submitted entries into the queue and starts what can start; on the journal's context. */
  private void flushIfIdle() {
    for (Entry entry = inbox.poll(); entry != null; entry = inbox.poll()) {
      queue.add(entry);
    }
    try {
      startWhatCan();
    } finally {
      // Even after a throw: a flag left set would keep every later submitter from waking the journal.
      if (inFlight > 0 || exclusiveRunning) {
        looking.set(true);
      } else {
        // Nothing out will bring the journal back to the inbox: the next submitter must wake it.
        looking.set(false);
        if (!inbox.isEmpty() && looking.compareAndSet(false, true)) {
          context.runOnContext(v -> flushIfIdle());
        }
      }
    }
  }

  /**
   * Starts what can start: up to {@link #MAX_IN_FLIGHT} batches at once (the next one is written
   * while the previous one waits for its commit), or an exclusive task once no batch is in flight.
   */
  private void startWhatCan() {
    while (!exclusiveRunning && !queue.isEmpty()) {
      if (queue.peek() instanceof Exclusive exclusive) {
        if (inFlight > 0) {
          return;
        }
        queue.poll();
        if (!inDoubt.isEmpty()) {
          // An audit or stock operation must not see units an unsettled batch still holds, and
          // must not wait for it either: while PostgreSQL is away that could be long, and every
          // reservation queued behind would wait too instead of failing fast.
          exclusive.done().fail(new ApiException(ErrorCode.UNAVAILABLE,
              "a reservation batch is being settled after a lost connection; retry shortly", Map.of("retryable", true)));
          continue;
        }
        exclusiveRunning = true;
        exclusives++;
        Future<Object> result;
        try {
          result = exclusive.task().get();
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        // A task's future may complete on another thread: the journal's state is touched on its own.
        result.onComplete(outcome -> onJournal(() -> {
          exclusive.done().handle(outcome);
          exclusiveRunning = false;
          flushIfIdle();
        }));
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      List<Entry> batch = takeBatch();
      inFlight++;
      writeBatch(batch).onComplete(answers -> onJournal(() -> {
        // The batch's effects on the hot store are applied; the next batch goes out before its
        // callers are answered, so the connection does not idle during dozens of hand-offs to the
        // callers' event loops and the stock-event publish (docs/PERFORMANCE.md §3d).
        inFlight--;
        try {
          flushIfIdle();
        } finally {
          answers.result().run();
        }
      }));
    }
  }

  /** Runs {@code action} on the journal's context: at once when already there. */
  private void onJournal(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Queued entries up to the next exclusive task, each reservation id at most once. */
  private List<Entry> takeBatch() {
    List<Entry> batch = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH && !(queue.peek() instanceof Exclusive)) {
      Long id = idOf(queue.peek());
      if (id != null && !ids.add(id)) {
        break;
      }
      batch.add(queue.poll());
    }
    return batch;
  }

  /** The reservation an entry changes (an order from lines changes none). */
  private static Long idOf(Entry entry) {
    if (entry instanceof Reserve reserve) {
      return reserve.id();
    }
    if (entry instanceof End end) {
      return end.id();
    }
    if (entry instanceof Place place) {
      return place.reservationId();
    }
    return ((Extend) entry).id();
  }

  /**
   * Writes one batch and applies what its outcome does to the hot store, the expiry queue and the
   * customers' allowances; completes with what is left to do: answer its callers and publish the
   * changed pools. Never fails.
   */
  private Future<Runnable> writeBatch(List<Entry> batch) {
    List<Reserve> reserves = new ArrayList<>();
    List<End> ends = new ArrayList<>();
    List<Extend> extensions = new ArrayList<>();
    List<Place> places = new ArrayList<>();
    for (Entry entry : batch) {
      if (entry instanceof Reserve reserve) {
        reserves.add(reserve);
      } else if (entry instanceof End end) {
        ends.add(end);
      } else if (entry instanceof Extend extension) {
        extensions.add(extension);
      } else if (entry instanceof Place place) {
        places.add(place);
      }
    }
    JsonArray orders = new JsonArray();
    places.forEach(place -> orders.add(place.order()));
    batches++;
    batchedEntries += batch.size();
    lastBatchMillis = System.currentTimeMillis();
    long started = System.nanoTime();
    Future<BatchResult> sent;
    try {
      sent = repository.writeBatch(reserves, ends.stream().map(e -> Map.entry(e.id(), e.status())).toList(),
          extensions.stream().map(x -> Map.entry(x.id(), x.expiresAt())).toList(), orders);
    } catch (RuntimeException e) {
      // Nothing was sent (a bad value for the statement): the batch fails like one PostgreSQL refused.
      sent = Future.failedFuture(e);
    }
    return sent
        .transform(written -> {
          writeNanos += System.nanoTime() - started;
          Runnable answers;
          try {
            answers = written.succeeded()
                ? committed(reserves, ends, extensions, places, written.result())
                : failed(reserves, ends, extensions, places, written.cause());
          } catch (RuntimeException e) {
            // A bug here must not leave callers hanging: they are told, and the audit reports
            // whatever the hot store missed.
            log.error("applying a reservation batch's outcome failed", e);
            ApiException internal = new ApiException(ErrorCode.INTERNAL, "the reservation's outcome could not be applied");
            answers = () -> batch.forEach(entry -> entry.done().tryFail(internal));
          }
          return Future.succeededFuture(answers);
        });
  }

  /** Applies a committed batch's effects; returns the answers to its callers, to run after. */
  private Runnable committed(List<Reserve> reserves, List<End> ends, List<Extend> extensions, List<Place> places,
      BatchResult result) {
    Set<Pool> changed = new HashSet<>();
    for (Reserve reserve : reserves) {
      expiries.track(reserve.id(), reserve.expiresAt());
      reserve.lines().forEach(line -> changed.add(line.pool()));
    }
    List<List<ReservationLine>> endedLines = new ArrayList<>(ends.size());
    for (End end : ends) {
      Ended ended = result.ended().get(end.id());
      List<ReservationLine> lines = ended == null ? List.of() : ended.lines();
      for (ReservationLine line : lines) {
        store.unreserve(line.pool().key(), line.quantity());
        changed.add(line.pool());
      }
      if (ended != null) {
        listener.ended(ended.customerRef(), lines);
      }
      expiries.forget(end.id());
      endedLines.add(lines);
    }
    List<Boolean> extended = new ArrayList<>(extensions.size());
    for (Extend extension : extensions) {
      boolean active = result.extended().contains(extension.id());
      if (active) {
        expiries.track(extension.id(), extension.expiresAt());
      }
      extended.add(active);
    }
    for (int i = 0; i < places.size(); i++) {
      Place place = places.get(i);
      if (result.placed().get(i).placed()) {
        placed(place, changed, true);
      } else {
        place.withdrawn().forEach(units -> store.deposit(units.pool(), units.quantity()));
      }
    }
    return () -> {
      reserves.forEach(reserve -> reserve.done().complete());
      for (int i = 0; i < ends.size(); i++) {
        ends.get(i).done().complete(endedLines.get(i));
      }
      for (int i = 0; i < extensions.size(); i++) {
        extensions.get(i).done().complete(extended.get(i));
      }
      for (int i = 0; i < places.size(); i++) {
        places.get(i).done().complete(result.placed().get(i));
      }
      if (!changed.isEmpty()) {
        listener.poolsChanged(changed);
      }
    };
  }

  /**
   * A placed order's effects on the hot store and the expiry queue; notes the pools it changed.
   * {@code release}: give the unused rest of its reservation back to available.
   */
  private void placed(Place place, Set<Pool> changed, boolean release) {
    place.converted().forEach(units -> store.settle(units.pool(), units.quantity()));
    place.withdrawn().forEach(units -> changed.add(Pool.ofKey(units.pool())));
    if (release) {
      place.released().forEach(units -> store.unreserve(units.pool(), units.quantity()));
      place.released().forEach(units -> changed.add(Pool.ofKey(units.pool())));
    }
    if (place.reservationId() != null) {
      expiries.forget(place.reservationId());
    }
  }

  /**
   * A failed batch's callers are answered UNAVAILABLE (retryable) by the returned task. When
   * PostgreSQL refused it (an error from the server), nothing of it was stored and its units go
   * back at once. When the answer was lost instead (the connection broke or timed out, possibly
   * during COMMIT), the batch may have committed: it is in doubt, its units stay held (so the hot
   * store never shows more than PostgreSQL) until {@link #settle} can read whether it committed.
   */
  private Runnable failed(List<Reserve> reserves, List<End> ends, List<Extend> extensions, List<Place> places,
      Throwable failure) {
    InDoubt batch = new InDoubt(reserves, places);
    boolean doubtful = answerLost(failure) && batch.canBeSettled();
    log.warn("reservation batch of {} failed{}: {}", reserves.size() + ends.size() + extensions.size() + places.size(),
        doubtful ? " and may have committed; its units are held until PostgreSQL says" : "; units returned to the hot store",
        failure.toString());
    ApiException unavailable = doubtful
        ? new ApiException(ErrorCode.UNAVAILABLE, "the connection to the database broke before the answer: the "
            + "reservation may or may not be stored; retry with the same Idempotency-Key to get it either way",
            Map.of("retryable", true))
        : new ApiException(ErrorCode.UNAVAILABLE,
            "the reservation could not be stored; nothing was reserved, retry shortly", Map.of("retryable", true));
    if (doubtful) {
      inDoubt.add(batch);
      settleSoon();
    } else {
      giveBack(batch);
    }
    return () -> {
      reserves.forEach(reserve -> reserve.done().fail(unavailable));
      ends.forEach(end -> end.done().fail(unavailable));
      extensions.forEach(extension -> extension.done().fail(unavailable));
      places.forEach(place -> place.done().fail(unavailable));
    };
  }

  /**
   * Whether the batch may have reached PostgreSQL and committed although no answer came back: the
   * connection closed or broke while the statement (or its COMMIT) was out, or PostgreSQL ended
   * the connection. Any other error PostgreSQL sent means it rolled back; a refused connect, a
   * full pool or a timeout waiting for a connection means the batch was never sent.
   */
  static boolean answerLost(Throwable failure) {
    if (failure instanceof PgException pg) {
      // A FATAL for the connection (08: connection exception; 57P0x: shutting down, terminated)
      // can arrive after the COMMIT, before the answer: the error does not say it rolled back.
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
    return failure instanceof ClosedConnectionException
        || (failure instanceof java.io.IOException && !(failure instanceof java.net.ConnectException));
  }

  /** Starts settling the in-doubt batches unless a chain of settling is already running. */
  private void settleSoon() {
    if (settling) {
      return;
    }
    settling = true;
    context.runOnContext(v -> settle());
  }

  /**
   * Asks PostgreSQL whether the oldest in-doubt batch committed, settles it, and goes on to the
   * next; one chain at a time ({@code settling} stays true until the list is empty).
   */
  private void settle() {
    if (inDoubt.isEmpty()) {
      settling = false;
      flushIfIdle();
      return;
    }
    InDoubt batch = inDoubt.get(0);
    repository.anyStoredAfterWriter(batch.reserveIds()).onComplete(answer -> {
      if (answer.failed()) {
        // PostgreSQL still cannot say: keep holding the units and ask again.
        context.owner().setTimer(SETTLE_RETRY_MS, id -> context.runOnContext(v -> settle()));
        return;
      }
      inDoubt.remove(batch);
      if (answer.result()) {
        log.warn("an in-doubt batch had committed: its {} reservations stand (the callers were told UNAVAILABLE; "
            + "a retry with the same Idempotency-Key finds them)", batch.reserves().size());
        settledAsCommitted(batch);
      } else {
        log.info("an in-doubt batch had not committed: its units are back in the hot store");
        giveBack(batch);
      }
      settle();
    });
  }

  /**
   * Gives a batch that did not commit back to the hot store and announces the pools: a stock
   * event sent while these units were held must not be the last word.
   */
  private void giveBack(InDoubt batch) {
    Set<Pool> givenBack = batch.giveBack(store);
    if (!givenBack.isEmpty()) {
      listener.poolsChanged(givenBack);
    }
  }

  /** The effects {@link #committed} would have had on the hot store and the expiry queue. */
  private void settledAsCommitted(InDoubt batch) {
    Set<Pool> changed = new HashSet<>();
    for (Reserve reserve : batch.reserves()) {
      expiries.track(reserve.id(), reserve.expiresAt());
      reserve.lines().forEach(line -> changed.add(line.pool()));
      // The caller gave the customer's allowance back on UNAVAILABLE; the reservation stands.
      listener.reinstated(reserve.customerRef(), reserve.lines());
    }
    // Whether each order was placed or refused (duplicate reference, reservation no longer active)
    // only the lost answer said. Taken as placed, but a partly used reservation's rest is not made
    // available: if the order was refused, PostgreSQL still holds it. The hot store may so show
    // fewer units than PostgreSQL, never more; the audit reports it and a restart rebuilds it.
    batch.places().forEach(place -> placed(place, changed, false));
    if (!changed.isEmpty()) {
      listener.poolsChanged(changed);
    }
  }

  /**
   * A failed batch whose outcome PostgreSQL can tell afterwards: one holding new reservations,
   * whose ids are new and stored all or none with everything else in the batch's transaction. A
   * batch of releases, expiries, extensions and order placements alone cannot be told apart from
   * a retry of the same change, so it is settled as failed at once (the limit in docs/INVENTORY.md).
   */
  private record InDoubt(List<Reserve> reserves, List<Place> places) {

    boolean canBeSettled() {
      return !reserves.isEmpty();
    }

    List<Long> reserveIds() {
      return reserves.stream().map(Reserve::id).toList();
    }

    /**
     * What a batch that did not commit gives back: its reservations' units, its orders'
     * withdrawals. Returns the pools it changed.
     */
    Set<Pool> giveBack(StockStore store) {
      Set<Pool> changed = new HashSet<>();
      for (Reserve reserve : reserves) {
        reserve.lines().forEach(line -> store.unreserve(line.pool().key(), line.quantity()));
        reserve.lines().forEach(line -> changed.add(line.pool()));
      }
      for (Place place : places) {
        place.withdrawn().forEach(units -> store.deposit(units.pool(), units.quantity()));
        place.withdrawn().forEach(units -> changed.add(Pool.ofKey(units.pool())));
      }
      return changed;
    }
  }
}
