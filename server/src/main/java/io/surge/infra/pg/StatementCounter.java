package io.surge.infra.pg;

import io.vertx.core.VertxBuilder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the SQL statements a node's Vert.x SQL client sends to PostgreSQL: in total, per SQL
 * text, and per <em>tally</em>, the statements issued on behalf of the HTTP requests that carry
 * the tally's id in {@link #TALLY_HEADER}. Tests use tallies to pin how many statements a GraphQL
 * request costs, so an N+1 regression fails a test instead of a production dashboard.
 *
 * <p>Off unless the node is configured to count ({@code SURGE_COUNT_STATEMENTS}); a disabled
 * counter installs nothing, so production pays nothing. When on, a statement costs a few
 * {@link LongAdder} increments; the per-text map stays small because SQL is constant text.
 *
 * <p>What counts as one statement: one execution PostgreSQL performs for a {@code query},
 * {@code preparedQuery} or cursor read, whether or not its statement was already prepared; a
 * batch counts once per parameter set, so batching cannot hide an N+1. The SQL client does not
 * report the BEGIN, COMMIT and ROLLBACK of a transaction nor the preparing of a statement, so
 * those are not counted; a simple query holding several statements separated by semicolons
 * counts once.
 *
 * <p>How requests are told apart: see {@link StatementTracer}. Thread-safe: statements are
 * recorded from any event loop, counts read from any thread.
 */
public final class StatementCounter {
  /** The HTTP request header whose value is the id of the tally a request's statements go to. */
  public static final String TALLY_HEADER = "Surge-Statement-Tally";

  private static final StatementCounter DISABLED = new StatementCounter(false);

  private final boolean enabled;
  private final LongAdder total = new LongAdder();
  private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();
  private final Map<String, Tally> open = new ConcurrentHashMap<>();

  private StatementCounter(boolean enabled) {
    this.enabled = enabled;
  }

  /** A counter that counts nothing and installs nothing. */
  public static StatementCounter disabled() {
    return DISABLED;
  }

  /** A counter that counts once {@link #instrument} has installed it on the node's Vert.x. */
  public static StatementCounter enabled() {
    return new StatementCounter(true);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** The builder with the counting tracer installed, or unchanged when this counter is disabled. */
  public VertxBuilder instrument(VertxBuilder builder) {
    if (!enabled) {
      return builder;
    }
    // Made before the Vert.x instance: its class registers a context local, which only instances
    // built afterwards have room for.
    StatementTracer tracer = new StatementTracer(this);
    return builder.withTracer(options -> tracer);
  }

  /** Every statement the node has sent, on behalf of a request or not (timers, start-up). */
  public long total() {
    return total.sum();
  }

  /** {@link #total()} per SQL text, sorted by text. */
  public Map<String, Long> totalBySql() {
    return snapshot(bySql);
  }

  /**
   * Opens a tally: from now on the statements of every request that carries its id in
   * {@link #TALLY_HEADER} are counted in it, until it is closed.
   */
  public Tally openTally() {
    if (!enabled) {
      throw new IllegalStateException("statement counting is off: configure the node with "
          + "SurgeConfig.withStatementCounting(true) or SURGE_COUNT_STATEMENTS=true");
    }
    Tally tally = new Tally(UUID.randomUUID().toString());
    open.put(tally.id, tally);
    return tally;
  }

  /** The open tally with this id, or null. */
  Tally tally(String id) {
    return open.get(id);
  }

  /** Records {@code executions} runs of {@code sql}; {@code tally} is null for untagged work. */
  void record(String sql, int executions, Tally tally) {
    total.add(executions);
    increment(bySql, sql, executions);
    if (tally != null) {
      tally.record(sql, executions);
    }
  }

  private static void increment(Map<String, LongAdder> counts, String sql, int executions) {
    LongAdder count = counts.get(sql);
    if (count == null) {
      count = counts.computeIfAbsent(sql, text -> new LongAdder());
    }
    count.add(executions);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((sql, count) -> copy.put(sql, count.sum()));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The statements of the requests tagged with one id. {@link #close} takes it out of service and
   * freezes its counts, so reads after it are stable. Thread-safe.
   */
  public final class Tally implements AutoCloseable {
    private final String id;
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();
    private volatile Map<String, Long> frozen;

    private Tally(String id) {
      this.id = id;
    }

    /** The value to send in {@link #TALLY_HEADER}. */
    public String id() {
      return id;
    }

    /** Statements counted. */
    public long count() {
      return bySql().values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #count()} per SQL text, sorted by text. */
    public Map<String, Long> bySql() {
      Map<String, Long> counts = frozen;
      return counts != null ? counts : snapshot(bySql);
    }

    private void record(String sql, int executions) {
      if (frozen == null) {
        increment(bySql, sql, executions);
      }
    }

    @Override
    public synchronized void close() {
      if (frozen == null) {
        open.remove(id);
        frozen = snapshot(bySql);
      }
    }
  }
}
