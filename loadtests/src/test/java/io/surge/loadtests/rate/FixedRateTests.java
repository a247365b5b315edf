package io.surge.loadtests.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FixedRate against a Vert.x server in this JVM that answers each path in a known way (a delay,
 * a 500, a GraphQL error, never), plus the schedule arithmetic and the wrk2 output format that
 * compare.sh parses. About 4 s in all.
 */
class FixedRateTests {

  private static final String BODY = "{\"query\":\"{ variant(sku: \\\"X\\\") { sku } }\"}";
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private static final AtomicInteger neverHits = new AtomicInteger();
  private static Vertx vertx;
  private static int port;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      switch (req.path()) {
        // 30 ms, and only for the request FixedRate is meant to send: a POST of the body file
        // with its headers (anything else gets a 400, which the test would see as non2xx).
        case "/slow" -> {
          boolean asSent = req.method().name().equals("POST")
              && "Bearer k".equals(req.getHeader("Authorization"))
              && "application/json".equals(req.getHeader("Content-Type"))
              && req.headers().getAll("Content-Length").size() == 1
              && body.toString(StandardCharsets.UTF_8).equals(BODY);
          vertx.setTimer(30, t -> req.response().setStatusCode(asSent ? 200 : 400).end("{\"data\":{}}"));
        }
        case "/stall" -> vertx.setTimer(50, t -> req.response().end("{\"data\":{}}"));
        case "/fail" -> req.response().setStatusCode(500).end("oops");
        case "/errors" -> req.response().end("{\"errors\":[{\"message\":\"no\"}],\"data\":null}");
        case "/usererror" -> req.response().end("{\"data\":{\"reserveStock\":{\"userErrors\":[{\"code\":\"OUT_OF_STOCK\"}]}}}");
        case "/never" -> neverHits.incrementAndGet();
        default -> req.response().setStatusCode(404).end();
      }
    }));
    port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  @AfterAll
  static void stopServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Result run(String... args) throws Exception {
    return FixedRate.run(Settings.parse(args), QUIET);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void latencyIncludesTheServersDelayAndPostsTheBodyWithItsHeaders() throws Exception {
    Path body = Files.writeString(dir.resolve("body.json"), BODY);
    Path auth = Files.writeString(dir.resolve("auth.txt"), "Bearer k\n");
    Result r = run("--rate", "100", "--duration", "1s", "--warmup", "200ms", "--body", body.toString(),
        "--auth-file", auth.toString(), url("/slow"));
    assertEquals(100, r.sent(), "warm-up requests are not counted");
    assertEquals(100, r.responses());
    assertEquals(0, r.non2xx(), "each request arrived as a POST with the body and headers");
    assertEquals(0, r.gqlErrors());
    assertEquals(0, r.socketErrors());
    assertEquals(100, r.latencyMicros().getTotalCount());
    assertTrue(r.percentileMs(50) >= 30, "p50 " + r.percentileMs(50) + " ms includes the 30 ms delay");
    assertTrue(r.requestsPerSecond() > 70 && r.requestsPerSecond() <= 101, "rate " + r.requestsPerSecond());
  }

  @Test
  void queueingBehindASlowServerCountsFromTheIntendedStart() throws Exception {
    // One connection, 50 ms per answer: 20 answers/s at most, 40/s asked for 0.5 s. Request i
    // (intended at i × 25 ms) is answered at about (i + 1) × 50 ms, so the last one waited about
    // 525 ms. Measured from the actual send, as a closed-loop tool does, every latency would be ~50 ms.
    Result r = run("--rate", "40", "--duration", "500ms", "--connections", "1", "--timeout", "5s", url("/stall"));
    assertEquals(20, r.sent());
    assertEquals(20, r.responses());
    assertTrue(r.percentileMs(100) >= 450, "max " + r.percentileMs(100) + " ms includes the queueing");
    assertTrue(r.percentileMs(50) >= 200, "p50 " + r.percentileMs(50) + " ms");
  }

  @Test
  void countsNon2xxAndGraphqlErrorsAndUserErrors() throws Exception {
    Result fail = run("--rate", "100", "--duration", "300ms", url("/fail"));
    assertEquals(30, fail.responses());
    assertEquals(30, fail.non2xx());
    assertEquals(0, fail.gqlErrors());
    Result errors = run("--rate", "100", "--duration", "300ms", url("/errors"));
    assertEquals(30, errors.gqlErrors());
    assertEquals(0, errors.non2xx());
    Result userErrors = run("--rate", "100", "--duration", "300ms", url("/usererror"));
    assertEquals(30, userErrors.gqlErrors());
  }

  @Test
  void givesUpAtTheTimeoutAndRecordsThatAge() throws Exception {
    Result r = run("--rate", "20", "--duration", "250ms", "--timeout", "300ms", url("/never"));
    assertEquals(5, r.sent());
    assertEquals(0, r.responses());
    assertEquals(5, r.timeouts());
    assertEquals(0, r.unsent());
    assertEquals(5, r.socketErrors());
    assertTrue(r.percentileMs(50) >= 300, "a timed-out request is recorded at its age");
  }

  @Test
  void doesNotSendARequestThatTimedOutWaitingForAConnection() throws Exception {
    // One connection, held for good by the first request (the unrecorded priming one), which
    // the server never answers: the 5 scheduled requests wait for it, time out, and are dropped.
    neverHits.set(0);
    Result r = run("--rate", "20", "--duration", "250ms", "--timeout", "300ms", "--connections", "1", url("/never"));
    assertEquals(5, r.timeouts());
    assertEquals(5, r.unsent());
    assertEquals(1, neverHits.get(), "only the priming request reached the server");
  }

  @Test
  void countsRefusedConnections() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Result r = FixedRate.run(Settings.parse(new String[] {"--rate", "50", "--duration", "200ms",
        "http://127.0.0.1:" + closed + "/health/live"}), QUIET);
    assertEquals(10, r.sent());
    assertEquals(0, r.responses());
    assertEquals(10, r.connectErrors());
  }

  @Test
  void scheduleIsOpenAndSplitsOffTheWarmUp() {
    Schedule s = new Schedule(10, TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.SECONDS.toNanos(1));
    assertEquals(3, s.warmupCount(), "0.3 s × 10/s, despite 3.0000000000000004 in doubles");
    assertEquals(13, s.total());
    assertEquals(10, s.measuredCount());
    assertEquals(TimeUnit.MILLISECONDS.toNanos(300), s.intendedNanos(3));
    assertEquals(1, s.dueBy(0), "request 0 is due at once");
    assertEquals(1, s.dueBy(TimeUnit.MILLISECONDS.toNanos(99)));
    assertEquals(2, s.dueBy(TimeUnit.MILLISECONDS.toNanos(100)));
    assertEquals(13, s.dueBy(TimeUnit.HOURS.toNanos(1)), "never more than the run's total");
    assertTrue(!s.isMeasured(2) && s.isMeasured(3));
    assertEquals(3, new Schedule(3, 0, TimeUnit.SECONDS.toNanos(1)).total());
    assertEquals(5001, new Schedule(2500.5, 0, TimeUnit.SECONDS.toNanos(2)).total(), "2 s × 2500.5/s");
  }

  @Test
  void printsWrk2PercentileLinesThatCompareShParses() {
    assertEquals(" 50.000%    1.23ms", Result.percentileLine(50, 1230));
    assertEquals(" 99.900%  812.00us", Result.percentileLine(99.9, 812));
    assertEquals("100.000%    1.02s ", Result.percentileLine(100, 1_020_000));
  }

  @Test
  void rejectsBadUsage() {
    List<String[]> bad = new ArrayList<>();
    bad.add(new String[] {"http://127.0.0.1:1/"});                          // no rate
    bad.add(new String[] {"--rate", "100"});                                  // no URL
    bad.add(new String[] {"--rate", "0", "http://127.0.0.1:1/"});
    bad.add(new String[] {"--rate", "100", "--duration", "soon", "http://127.0.0.1:1/"});
    bad.add(new String[] {"--rate", "100", "https://127.0.0.1:1/"});
    bad.add(new String[] {"--rate", "100", "--connections", "0", "http://127.0.0.1:1/"});
    bad.add(new String[] {"--rate", "100", "--body", "/nonexistent/body.json", "http://127.0.0.1:1/"});
    bad.add(new String[] {"--rate", "100", "--colour", "red", "http://127.0.0.1:1/"});
    for (String[] args : bad) {
      assertThrows(Settings.UsageException.class, () -> Settings.parse(args), String.join(" ", args));
    }
  }

  @Test
  void parsesWrkDurationsAndAnEmptyBodyAsGet() throws Exception {
    assertEquals(TimeUnit.SECONDS.toNanos(20), Settings.nanos("--duration", "20s"));
    assertEquals(TimeUnit.SECONDS.toNanos(20), Settings.nanos("--duration", "20"));
    assertEquals(TimeUnit.MINUTES.toNanos(2), Settings.nanos("--duration", "2m"));
    assertEquals(TimeUnit.MILLISECONDS.toNanos(500), Settings.nanos("--duration", "500ms"));
    Path empty = Files.createFile(dir.resolve("empty.json"));
    Settings s = Settings.parse(new String[] {"--rate=2500", "--body=" + empty, "--auth", "", "http://h:18080/graphql?x=1"});
    assertEquals(null, s.body());
    assertEquals(null, s.authorization());
    assertEquals("/graphql?x=1", s.path());
    assertEquals(18080, s.port());
    assertEquals(64, s.connections());
  }
}
