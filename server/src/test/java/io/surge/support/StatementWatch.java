package io.surge.support;

import io.surge.infra.pg.StatementCounter;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Counts the SQL statements a node runs for the GraphQL requests a test sends. {@link #during}
 * tags every request the test thread sends through a {@link GraphQLClient} while it runs, and
 * counts exactly the statements issued on those requests' behalf: what the node's timers
 * (reservation expiry, sweep, audit, purges) and other requests run at the same time is left out,
 * whatever the timing. Requests sent from other threads inside {@code during} are not tagged,
 * and a statement a request fires and forgets counts only if it was sent before the response.
 *
 * <pre>{@code
 * var measured = node.statements().during(() -> admin.query(ORDERS_PAGE, Map.of("first", 100)))
 *     .excluding(StatementWatch.AUTHENTICATION);
 * assertThat(measured.count()).as(measured.toString()).isLessThanOrEqualTo(6);
 * }</pre>
 *
 * Thread-safe; {@code during} calls do not nest on one thread.
 */
public final class StatementWatch {
  /**
   * The statements that authenticate an API key (its lookup and last-use update). A request pays
   * them only when its key is not in the authenticator's few-second cache, so a count that must
   * not depend on timing leaves them out.
   */
  public static final Predicate<String> AUTHENTICATION = sql -> sql.contains("api_key");

  private static final ThreadLocal<String> TALLY = new ThreadLocal<>();

  private final StatementCounter counter;

  StatementWatch(StatementCounter counter) {
    this.counter = counter;
  }

  /** Runs {@code requests} and counts the statements of the requests it sends on this thread. */
  public <T> Measured<T> during(Supplier<T> requests) {
    if (TALLY.get() != null) {
      throw new IllegalStateException("StatementWatch.during does not nest");
    }
    try (StatementCounter.Tally tally = counter.openTally()) {
      TALLY.set(tally.id());
      T result;
      try {
        result = requests.get();
      } finally {
        TALLY.remove();
      }
      tally.close();
      return new Measured<>(result, tally.bySql());
    }
  }

  /** Every statement the node has sent so far, tagged or not (timers included). */
  public long total() {
    return counter.total();
  }

  /** {@link #total()} per SQL text. */
  public Map<String, Long> totalBySql() {
    return counter.totalBySql();
  }

  /** The tally the current thread's requests go to, or null (read by {@link GraphQLClient}). */
  static String currentTally() {
    return TALLY.get();
  }

  /**
   * What {@link #during} measured: the block's result and the statements it cost, per SQL text.
   * {@link #toString} lists them, for assertion messages.
   */
  public record Measured<T>(T result, Map<String, Long> bySql) {
    /** Statements counted. */
    public long count() {
      return bySql.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How often statements whose SQL matches ran. */
    public long count(Predicate<String> sql) {
      return bySql.entrySet().stream().filter(entry -> sql.test(entry.getKey()))
          .mapToLong(Map.Entry::getValue).sum();
    }

    /** The same measurement without the statements whose SQL matches. */
    public Measured<T> excluding(Predicate<String> sql) {
      Map<String, Long> kept = new TreeMap<>(bySql);
      kept.keySet().removeIf(sql);
      return new Measured<>(result, Collections.unmodifiableMap(kept));
    }

    @Override
    public String toString() {
      return count() + " statements" + bySql.entrySet().stream()
          .map(entry -> "\n  " + entry.getValue() + " x " + entry.getKey())
          .collect(Collectors.joining());
    }
  }
}
