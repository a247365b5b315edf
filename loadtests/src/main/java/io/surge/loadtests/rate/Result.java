package io.surge.loadtests.rate;

import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What the measured part of a run (warm-up left out) saw, and the report printed from it.
 *
 * @param sent measured requests that came due (the schedule's count; a request that timed out while
 *     waiting for a connection is among them, though it was never written: see {@code unsent})
 * @param responses answers received, any status, within the timeout
 * @param non2xx answers with a status outside 200..299
 * @param gqlErrors 2xx answers whose body contains {@code "errors"} or {@code "code"}
 * @param connectErrors requests that failed without an answer (refused, reset, closed)
 * @param timeouts requests given up {@code timeout} after their intended start
 * @param unsent those of the timeouts that were still waiting for a free connection, never sent
 * @param unanswered requests still open when the run stopped waiting (normally 0: the timeout
 *     gives them up first)
 * @param latencyMicros latency of every answer and timeout, from the intended start, in µs; owned
 *     by this result once the run is over
 * @param elapsedNanos from the end of the warm-up to the last answer (or the end of the schedule,
 *     if later): the time base of Requests/sec
 * @param maxSendLagNanos the most any measured request was sent after its intended start: the
 *     client's own lateness (timer granularity, a busy CPU), already included in the latencies
 */
public record Result(
    long sent,
    long responses,
    long non2xx,
    long gqlErrors,
    long connectErrors,
    long timeouts,
    long unsent,
    long unanswered,
    Histogram latencyMicros,
    long elapsedNanos,
    long maxSendLagNanos) {

  /** The percentiles of the wrk2 --latency summary, in wrk2's order. */
  private static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 100};

  /** Connection errors, timeouts and unanswered requests together (wrk's "socket errors"). */
  public long socketErrors() {
    return connectErrors + timeouts + unanswered;
  }

  /** Answers per second over {@link #elapsedNanos()}. */
  public double requestsPerSecond() {
    return elapsedNanos <= 0 ? 0 : responses * 1e9 / elapsedNanos;
  }

  /** Latency at a percentile (100 = the largest), in µs; 0 when nothing was recorded. */
  public long percentileMicros(double percentile) {
    if (latencyMicros.getTotalCount() == 0) {
      return 0;
    }
    return percentile >= 100 ? latencyMicros.getMaxValue() : latencyMicros.getValueAtPercentile(percentile);
  }

  /** The same in ms. */
  public double percentileMs(double percentile) {
    return percentileMicros(percentile) / 1000.0;
  }

  /**
   * A wrk2-like report. The percentile lines are wrk2's exact format (" 50.000%    1.23ms"), the
   * "Requests/sec:" and "Socket errors:" lines wrk's, so the awk in loadtests/*.sh reads either.
   */
  public void print(PrintStream out, Settings settings) {
    Schedule s = settings.schedule();
    out.printf(Locale.ROOT, "Running %s test @ %s%n", seconds(s.durationNanos()), settings.url());
    out.printf(Locale.ROOT, "  %s req/s, at most %d connections, %s warm-up, timeout %s%n",
        number(s.rate()), settings.connections(), seconds(s.warmupNanos()), seconds(settings.timeoutNanos()));
    out.println("  open model: latency counts from each request's intended start (no coordinated omission)");
    out.println();
    out.println("  Latency Distribution (HdrHistogram - Recorded Latency)");
    for (double p : PERCENTILES) {
      out.println(percentileLine(p, percentileMicros(p)));
    }
    out.println();
    out.printf(Locale.ROOT, "  %d requests in %s, %d sent%n", responses, seconds(elapsedNanos), sent);
    if (non2xx > 0) {
      out.printf(Locale.ROOT, "  Non-2xx or 3xx responses: %d%n", non2xx);
    }
    if (socketErrors() > 0) {
      out.printf(Locale.ROOT, "  Socket errors: connect %d, read 0, write 0, timeout %d%n",
          connectErrors, timeouts + unanswered);
    }
    if (unsent > 0) {
      out.printf(Locale.ROOT, "  %d of the timeouts never got a free connection (not sent)%n", unsent);
    }
    out.printf(Locale.ROOT, "Requests/sec: %10.2f%n", requestsPerSecond());
    out.printf(Locale.ROOT,
        "SURGE_RATE sent=%d responses=%d non2xx=%d gqlerrors=%d socket=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
            + " timeouts=%d unsent=%d connect=%d unanswered=%d rps=%.2f send_lag_max_ms=%.2f%n",
        sent, responses, non2xx, gqlErrors, socketErrors(), percentileMs(50), percentileMs(99),
        percentileMs(100), timeouts, unsent, connectErrors, unanswered, requestsPerSecond(), maxSendLagNanos / 1e6);
  }

  /** " 50.000%    1.23ms": wrk2's "%7.3f%%" then the time right-aligned as wrk2 prints it. */
  static String percentileLine(double percentile, long micros) {
    return String.format(Locale.ROOT, "%7.3f%%", percentile) + wrkTime(micros);
  }

  /**
   * wrk2's print_units for times: 2 decimals and a unit (us, ms, s, m, h); right-aligned in 10
   * characters with a one-letter unit taking one column of padding after it, as wrk2 does.
   */
  static String wrkTime(long micros) {
    double v = micros;
    String unit;
    if (v < 1000) {
      unit = "us";
    } else if (v < 1_000_000) {
      v /= 1000;
      unit = "ms";
    } else if (v < 60_000_000) {
      v /= 1_000_000;
      unit = "s";
    } else if (v < 3_600_000_000L) {
      v /= 60_000_000;
      unit = "m";
    } else {
      v /= 3_600_000_000L;
      unit = "h";
    }
    String text = String.format(Locale.ROOT, "%.2f%s", v, unit);
    return unit.length() == 2 ? String.format("%10s", text) : String.format("%9s", text) + " ";
  }

  private static String seconds(long nanos) {
    return number(nanos / 1e9) + "s";
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
