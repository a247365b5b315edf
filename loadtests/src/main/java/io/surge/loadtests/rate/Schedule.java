package io.surge.loadtests.rate;

/**
 * When each request of a constant-rate run is due. Pure arithmetic, no clock: request {@code i}
 * (from 0) is intended to start {@code i / rate} seconds after the run's start, whatever happened
 * to the requests before it. That is the open model: the schedule never waits for the server, so a
 * slow answer cannot hide the requests that would have queued behind it (no coordinated omission).
 *
 * <p>The first {@link #warmupCount()} requests (intended start before {@code warmupNanos}) are the
 * warm-up: sent at the same rate, not recorded. The run ends with the last request whose intended
 * start is before {@code warmupNanos + durationNanos}.
 *
 * @param rate requests per second, &gt; 0
 * @param warmupNanos warm-up length, &gt;= 0
 * @param durationNanos measured length, &gt; 0
 */
public record Schedule(double rate, long warmupNanos, long durationNanos) {

  // Products such as 0.3 s × 10/s come out as 3.0000000000000004 in doubles: counts round away
  // that much before taking the ceiling, so they do not gain a request.
  private static final double EPSILON = 1e-6;

  public Schedule {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be > 0, got " + rate);
    }
    if (warmupNanos < 0 || durationNanos <= 0) {
      throw new IllegalArgumentException("need warm-up >= 0 and duration > 0");
    }
  }

  /** Nanoseconds between two intended starts. */
  public double intervalNanos() {
    return 1e9 / rate;
  }

  /** Intended start of request {@code i}, in nanoseconds after the run's start. */
  public long intendedNanos(long i) {
    return (long) (i * intervalNanos());
  }

  /**
   * How many requests are due {@code elapsedNanos} after the run's start: those whose intended
   * start is at or before it, at most {@link #total()}. The sender keeps {@code sent} equal to this.
   */
  public long dueBy(long elapsedNanos) {
    if (elapsedNanos < 0) {
      return 0;
    }
    // Same floor as intendedNanos, so intendedNanos(dueBy(t) - 1) <= t always holds.
    return Math.min(total(), (long) (elapsedNanos / intervalNanos()) + 1);
  }

  /** Requests sent during the warm-up (intended start before {@code warmupNanos}). */
  public long warmupCount() {
    return countBefore(warmupNanos);
  }

  /** All requests of the run, warm-up included. */
  public long total() {
    return countBefore(warmupNanos + durationNanos);
  }

  /** Requests that are recorded: {@code total() - warmupCount()}. */
  public long measuredCount() {
    return total() - warmupCount();
  }

  /** Whether request {@code i} is recorded (not warm-up). */
  public boolean isMeasured(long i) {
    return i >= warmupCount();
  }

  /** Number of i >= 0 with i / rate < nanos / 1e9. */
  private long countBefore(long nanos) {
    return (long) Math.ceil(nanos / intervalNanos() - EPSILON);
  }
}
