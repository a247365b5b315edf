package io.surge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Surge node in a JVM of its own ({@code io.surge.Main} on the test class path, with this JVM's
 * Chronicle flags), for tests that kill a node outright and start it again on the same database
 * and data directory. Each start logs to a file of its own under {@code target/node-processes/}
 * and listens on a fresh port. Test thread only; {@link #close} kills whatever is still running.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1))
      .build();

  /** What stays the same across restarts: the node's database, Redis, data directory and admin key. */
  public record Settings(String name, String pgUrl, String redisUrl, Path dataDir, String adminKey) {}

  private final Settings settings;
  private final Map<String, String> extraEnvironment;
  private Process process;
  private int port;
  private Path log;
  private int starts;

  public NodeProcess(Settings settings) {
    this(settings, Map.of());
  }

  /** A node with further {@code SURGE_*} settings (e.g. smaller PostgreSQL limits for a fault test). */
  public NodeProcess(Settings settings, Map<String, String> extraEnvironment) {
    this.settings = settings;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  /** Starts the node and waits until {@code /health/ready} answers 200; fails with the log's tail if it does not. */
  public NodeProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the node is still running");
    }
    starts++;
    port = freePort();
    log = logDirectory().resolve(settings.name() + "-start-" + starts + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(chronicleFlags());
    command.add("-Xmx512m");
    // C1 only: a node started again and again in a test is ready in about half the time, on two
    // cores shared with the tests and PostgreSQL; what it computes is the same.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dlogback.configurationFile=" + productionLogging());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.surge.Main");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(Map.of(
        "SURGE_PG_URL", settings.pgUrl(),
        "SURGE_REDIS_URL", settings.redisUrl(),
        "SURGE_HTTP_PORT", Integer.toString(port),
        "SURGE_ADMIN_KEY", settings.adminKey(),
        "SURGE_DATA_DIR", settings.dataDir().toString(),
        "SURGE_EVENT_LOOPS", "2",
        "SURGE_PG_POOL_SIZE", "4"));
    builder.environment().putAll(extraEnvironment);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the node process", e);
    }
    awaitReady();
    return this;
  }

  /** Kills the node with SIGKILL (no shutdown hook runs) and waits until it is gone. */
  public void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the node process did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs a full garbage collection in the node ({@code jcmd <pid> GC.run}): for checks that
   * something must outlive a collection, without collecting in the test JVM.
   */
  public void collectGarbage() {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), "GC.run")
          .redirectErrorStream(true)
          .start();
      String output = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new IllegalStateException("jcmd GC.run failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public GraphQLClient admin() {
    return new GraphQLClient(baseUrl(), settings.adminKey());
  }

  /** The log of the latest start. */
  public Path log() {
    return log;
  }

  /** The log of the latest start, for failure messages. */
  public String logText() {
    try {
      return log == null ? "" : Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    kill();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited with " + process.exitValue()
            + " before it was ready; its log (" + log + "):\n" + tail(logText()));
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    kill();
    throw new IllegalStateException("the node was not ready within " + READY_TIMEOUT.toSeconds()
        + " s; its log (" + log + "):\n" + tail(logText()));
  }

  /** The flags this JVM opens Chronicle maps with (surefire's argLine): the node needs the same. */
  private static List<String> chronicleFlags() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native-access")
            || flag.startsWith("--sun-misc-unsafe-memory-access") || flag.startsWith("-Dchronicle."))
        .toList();
    if (flags.isEmpty()) {
      throw new IllegalStateException("this JVM was started without the Chronicle flags (jvm.flags)");
    }
    return flags;
  }

  /** The server's own logback.xml (INFO), not the tests' quieter one that the test class path would pick. */
  private static String productionLogging() {
    var url = NodeProcess.class.getResource("/logback.xml");
    if (url == null) {
      throw new IllegalStateException("logback.xml is not on the class path");
    }
    return url.toString();
  }

  private static Path logDirectory() {
    try {
      return Files.createDirectories(Path.of("target", "node-processes"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 8_000 ? text : text.substring(text.length() - 8_000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
