package io.surge.loadtests.rate;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.MultiMap;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * A constant-rate (open model) HTTP load generator, in place of wrk2, which Debian does not
 * package: {@code java -jar loadtests/target/fixed-rate.jar --rate 1000 --duration 20s URL}
 * ({@link Settings#USAGE} lists the options). loadtests/compare.sh runs it for HALF_RATE=1.
 *
 * <p>How it measures: request {@code i} is due at {@code start + i / rate} (its intended start),
 * and a 1 ms timer sends every request that has come due, whether or not earlier ones were
 * answered. Its latency is the time from that intended start to the last byte of the answer, so
 * it includes everything a real user arriving at that moment would wait for: the timer's own
 * lateness, waiting for a free connection (at most {@code --connections} are used; the other
 * due requests queue, oldest first) and the server's queue. A closed-loop tool such as wrk only sends when a
 * connection is free and measures from the actual send, so a server stall silently lowers the
 * offered load and hides the requests that would have waited (coordinated omission).
 */
public final class FixedRate {

  private FixedRate() {
  }

  public static void main(String[] args) {
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help")) {
        System.out.print(Settings.USAGE);
        System.exit(0);
      }
    }
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (Settings.UsageException e) {
      System.err.println("fixed-rate: " + e.getMessage() + " (--help for usage)");
      System.exit(2);
      return;
    }
    Result result;
    try {
      result = run(settings, System.err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
      return;
    } catch (ExecutionException e) {
      System.err.println("fixed-rate: the run failed: " + e.getCause());
      System.exit(1);
      return;
    }
    result.print(System.out, settings);
    System.out.flush();
    if (result.responses() == 0) {
      System.err.println("fixed-rate: no answers at all (server down, wrong URL?)");
      System.exit(1);
    }
    // Exit explicitly: nothing else should keep the JVM up once the report is out.
    System.exit(0);
  }

  /**
   * Runs one schedule against the server and returns what the measured part saw. Progress lines
   * go to {@code progress} every 5 s. Blocks for warm-up + duration + at most the timeout.
   */
  public static Result run(Settings settings, PrintStream progress) throws InterruptedException, ExecutionException {
    // One event loop: the client shares a small machine with the server, one loop sends and reads
    // 10,000+ small requests/s, and all of a run's state then lives on one thread, without locks.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    try {
      CompletableFuture<Result> done = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        try {
          new Run(vertx, settings, progress, done).start();
        } catch (RuntimeException e) {
          done.completeExceptionally(e);
        }
      });
      return done.get();
    } finally {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        progress.println("fixed-rate: closing Vert.x: " + e);
      }
    }
  }

  /** One request of the schedule, from when it is due until it is answered or given up. */
  private static final class Call {
    final long intendedNanos;
    final boolean measured;
    boolean done;
    boolean started;  // handed to the HTTP client (false while it waits for a free connection)

    Call(long intendedNanos, boolean measured) {
      this.intendedNanos = intendedNanos;
      this.measured = measured;
    }
  }

  /** Outcome of an answer, decided from its status and body. */
  private enum Answer { OK, NON_2XX, GQL_ERROR }

  /** The state of one run. Every method runs on the single event loop. */
  private static final class Run {
    private static final long TICK_MS = 1;
    private static final long PROGRESS_MS = 5000;
    // Latencies are recorded in µs, 3 significant digits, up to an hour: far beyond any timeout.
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    // The same rule as loadtests/wrk/graphql-post.lua: a GraphQL error or a mutation's userError.
    private static final byte[] ERRORS = "\"errors\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CODE = "\"code\"".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx;
    private final Schedule schedule;
    private final long timeoutNanos;
    private final int connections;
    private final PrintStream progress;
    private final CompletableFuture<Result> done;
    private final HttpClientAgent client;
    private final RequestOptions request;
    private final Buffer body;
    // Every due request not yet swept, oldest first. Intended starts grow with the index, so the
    // head is always the first to reach the timeout: the sweep only ever looks at the head.
    private final ArrayDeque<Call> open = new ArrayDeque<>();
    // Due requests waiting for a free connection, oldest first. The queue is ours rather than the
    // Vert.x pool's so that a request given up while waiting is dropped instead of sent: sending
    // it anyway would spend the connections on answers nobody counts, and an overloaded run would
    // end with every request timed out rather than with how many the server did answer in time.
    private final ArrayDeque<Call> waiting = new ArrayDeque<>();
    private final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);

    private boolean begun;
    private long start;  // System.nanoTime() at the intended start of request 0
    private long due;  // requests that have come due (warm-up included)
    private int busy;  // requests handed to the client and not finished: at most `connections`
    private long completed;  // answered, failed or given up, warm-up included (progress line)
    private long measuredDue;
    private long responses;
    private long non2xx;
    private long gqlErrors;
    private long connectErrors;
    private long timeouts;
    private long unsent;
    private long unanswered;
    private long lastAnswer;
    private long maxSendLag;
    private long tickTimer = -1;
    private long progressTimer = -1;
    private boolean finished;

    Run(Vertx vertx, Settings settings, PrintStream progress, CompletableFuture<Result> done) {
      this.vertx = vertx;
      this.schedule = settings.schedule();
      this.timeoutNanos = settings.timeoutNanos();
      this.connections = settings.connections();
      this.progress = progress;
      this.done = done;
      HttpClientOptions options = new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_1_1)
          .setKeepAlive(true)
          .setPipelining(false)
          .setDefaultHost(settings.host())
          .setDefaultPort(settings.port())
          .setConnectTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
      // The pool opens up to `connections` keep-alive connections as needed and keeps them. We
      // never hand it more requests than that at once (see `waiting`).
      client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections));
      // Built once and shared by every request: the client copies the headers into each request.
      MultiMap headers = HttpHeaders.headers();
      headers.set(HttpHeaders.ACCEPT, HttpHeaders.createOptimized("application/json"));
      if (settings.body() != null) {
        headers.set(HttpHeaders.CONTENT_TYPE, HttpHeaders.createOptimized("application/json"));
      }
      if (settings.authorization() != null) {
        headers.set(HttpHeaders.AUTHORIZATION, HttpHeaders.createOptimized(settings.authorization()));
      }
      request = new RequestOptions()
          .setMethod(settings.body() == null ? HttpMethod.GET : HttpMethod.POST)
          .setHost(settings.host())
          .setPort(settings.port())
          .setURI(settings.path())
          .setHeaders(headers);
      // Encoded once; Vert.x writes a duplicate of the buffer, so every request can send it.
      body = settings.body() == null ? null : Buffer.buffer(settings.body());
    }

    /**
     * One request first, not part of the schedule and not recorded: the first request opens a
     * connection and loads and initialises the client's classes, which blocks the event loop for
     * ~100 ms and would show up as lateness of the first scheduled requests. The schedule starts
     * when that answer is in (or failed), or after the timeout; until its answer is in, it holds
     * a connection like any other request.
     */
    void start() {
      long primeTimer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)), id -> begin());
      busy++;
      exchange().onComplete(ar -> {
        busy--;
        vertx.cancelTimer(primeTimer);
        begin();
        sendWaiting();
      });
    }

    private void begin() {
      if (begun) {
        return;
      }
      begun = true;
      start = System.nanoTime();
      progressTimer = vertx.setPeriodic(PROGRESS_MS, id -> progress());
      tickTimer = vertx.setPeriodic(TICK_MS, id -> safeTick());
      safeTick();  // request 0 is due now, not in 1 ms
    }

    private void safeTick() {
      try {
        tick();
      } catch (RuntimeException e) {
        // Vert.x would only log it and call again next ms: end the run instead of hanging.
        finished = true;
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(progressTimer);
        done.completeExceptionally(e);
      }
    }

    /** Every ms: give up requests past the timeout, send what has come due, end when all is done. */
    private void tick() {
      if (finished) {
        return;
      }
      long now = System.nanoTime();
      sweep(now);
      long dueNow = schedule.dueBy(now - start);
      while (due < dueNow) {
        arrive(now);
      }
      if (due == schedule.total()) {
        if (open.isEmpty()) {
          finish();
        } else if (now - start > schedule.warmupNanos() + schedule.durationNanos() + timeoutNanos + TimeUnit.SECONDS.toNanos(1)) {
          // The sweep gives every request up at its timeout, so this is a safety net only.
          Call c;
          while ((c = open.pollFirst()) != null) {
            if (!c.done) {
              giveUp(c, now, true);
            }
          }
          finish();
        }
      }
    }

    /** The next request of the schedule has come due: send it, or queue it for a connection. */
    private void arrive(long now) {
      long i = due++;
      Call call = new Call(start + schedule.intendedNanos(i), schedule.isMeasured(i));
      if (call.measured) {
        measuredDue++;
        maxSendLag = Math.max(maxSendLag, now - call.intendedNanos);
      }
      open.addLast(call);
      if (busy < connections) {
        send(call);
      } else {
        waiting.addLast(call);
      }
    }

    private void send(Call call) {
      call.started = true;
      busy++;
      exchange().onComplete(ar -> {
        busy--;
        answered(call, ar);
        sendWaiting();
      });
    }

    /** A connection is free: the oldest waiting requests still wanted take it. */
    private void sendWaiting() {
      Call next;
      while (busy < connections && (next = waiting.pollFirst()) != null) {
        if (!next.done) {
          send(next);
        }
      }
    }

    /** One request; completes when its whole answer is in. */
    private Future<Answer> exchange() {
      return client.request(request)
          .compose(req -> body == null ? req.send() : req.send(body))
          .compose(resp -> {
            int status = resp.statusCode();
            return resp.body().map(buf -> classify(status, buf));
          });
    }

    private void answered(Call call, AsyncResult<Answer> ar) {
      if (call.done) {
        return;  // given up at its timeout already; a late answer does not count twice
      }
      call.done = true;
      completed++;
      if (!call.measured) {
        return;
      }
      if (ar.failed()) {
        connectErrors++;  // refused, reset, closed before the answer: no latency to record
        return;
      }
      long now = System.nanoTime();
      responses++;
      lastAnswer = now;
      record(now - call.intendedNanos);
      switch (ar.result()) {
        case NON_2XX -> non2xx++;
        case GQL_ERROR -> gqlErrors++;
        case OK -> { }
      }
    }

    /**
     * Pops finished requests off the head and gives up the ones older than the timeout. The
     * connection of a given-up request that was sent is left alone: closing it would add
     * reconnects that the max-rate run did not have, and its late answer is simply ignored.
     */
    private void sweep(long now) {
      Call head;
      while ((head = open.peekFirst()) != null) {
        if (!head.done) {
          if (now - head.intendedNanos < timeoutNanos) {
            return;
          }
          giveUp(head, now, false);
        }
        open.pollFirst();
      }
    }

    /**
     * A request without an answer: a timeout (or, at the very end, unanswered). Its age is
     * recorded as its latency, a lower bound: leaving it out would make the percentiles look
     * better exactly when the server is worst.
     */
    private void giveUp(Call call, long now, boolean atEnd) {
      call.done = true;
      completed++;
      if (!call.measured) {
        return;
      }
      if (atEnd) {
        unanswered++;
      } else {
        timeouts++;
        if (!call.started) {
          unsent++;
        }
      }
      record(now - call.intendedNanos);
    }

    private void record(long nanos) {
      latencyMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }

    private void progress() {
      long elapsed = System.nanoTime() - start;
      String phase = elapsed < schedule.warmupNanos() ? "warm-up"
          : due < schedule.total() ? "measure" : "waiting for the last answers";
      // open: neither answered nor given up yet; on the wire: sent and its connection still busy.
      progress.printf(Locale.ROOT, "fixed-rate: %d s, %s: %d due, %d done, %d open, %d on the wire%n",
          TimeUnit.NANOSECONDS.toSeconds(elapsed), phase, due, completed, due - completed, busy);
    }

    private void finish() {
      finished = true;
      vertx.cancelTimer(tickTimer);
      vertx.cancelTimer(progressTimer);
      long measureStart = start + schedule.warmupNanos();
      long scheduleEnd = measureStart + schedule.durationNanos();
      long end = Math.max(lastAnswer, scheduleEnd);
      done.complete(new Result(measuredDue, responses, non2xx, gqlErrors, connectErrors, timeouts, unsent, unanswered,
          latencyMicros, end - measureStart, maxSendLag));
    }

    static Answer classify(int status, Buffer body) {
      if (status < 200 || status > 299) {
        return Answer.NON_2XX;
      }
      return contains(body, ERRORS) || contains(body, CODE) ? Answer.GQL_ERROR : Answer.OK;
    }

    /** Byte search: no JSON parsing, no String per answer. */
    static boolean contains(Buffer haystack, byte[] needle) {
      int last = haystack.length() - needle.length;
      outer:
      for (int i = 0; i <= last; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack.getByte(i + j) != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }
}
