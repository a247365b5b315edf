package io.surge.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Embedded PostgreSQL (zonky; binaries ship inside a Maven artifact) and embedded Redis, for a
 * node or a test run with no external services configured. Blocking: call from {@code Main} or
 * test set-up, never from an event loop.
 */
public final class EmbeddedServices {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

  private EmbeddedServices() {}

  /** A running embedded PostgreSQL; {@link #url()} is a {@code postgresql://} URL for its postgres DB. */
  public record Postgres(EmbeddedPostgres server) implements AutoCloseable {
    public String url() {
      return "postgresql://postgres:postgres@127.0.0.1:" + server.getPort() + "/postgres";
    }

    public int port() {
      return server.getPort();
    }

    @Override
    public void close() {
      try {
        server.close();
      } catch (IOException e) {
        log.warn("embedded PostgreSQL did not stop cleanly", e);
      }
    }
  }

  /** A running embedded Redis bound to loopback. */
  public record Redis(RedisServer server, int port) implements AutoCloseable {
    public String url() {
      return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (IOException e) {
        log.warn("embedded Redis did not stop cleanly", e);
      }
    }
  }

  /**
   * Starts PostgreSQL keeping its cluster in {@code dataDir} (kept across restarts when
   * {@code keepData}), on a free loopback port.
   */
  public static Postgres startPostgres(Path dataDir, boolean keepData) {
    try {
      return startPostgres(dataDir, keepData, freePort());
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for embedded PostgreSQL", e);
    }
  }

  /**
   * Starts PostgreSQL on {@code port}. With {@code keepData} a cluster already in {@code dataDir}
   * is started as it is, so a stopped server comes back on the same port with the same data (the
   * PostgreSQL outage test does this under a running node).
   */
  public static Postgres startPostgres(Path dataDir, boolean keepData, int port) {
    try {
      Files.createDirectories(dataDir);
      // A node killed with SIGKILL leaves its PostgreSQL running on the data directory.
      stopOrphan(dataDir.resolve("postmaster.pid"), "PostgreSQL");
      long started = System.nanoTime();
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(!keepData)
          .setPort(port)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("max_connections", "200")
          // zonky turns synchronous_commit off by default; Surge acknowledges only what is durably
          // committed, so the embedded server is as safe as a production one.
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("full_page_writes", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
      log.info("embedded PostgreSQL on port {} (data {}) in {} ms", pg.getPort(), dataDir,
          (System.nanoTime() - started) / 1_000_000);
      return new Postgres(pg);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL failed to start", e);
    }
  }

  /** Starts Redis on a free loopback port, no snapshots (Redis is never the record). */
  public static Redis startRedis(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path pidFile = dataDir.resolve("redis.pid");
      stopOrphan(pidFile, "Redis");
      int port = freePort();
      RedisServer server = RedisServer.newRedisServer()
          .port(port)
          .bind("127.0.0.1")
          .setting("pidfile " + pidFile.toAbsolutePath())
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("dir " + dataDir.toAbsolutePath())
          .build();
      server.start();
      log.info("embedded Redis on port {}", port);
      return new Redis(server, port);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis failed to start", e);
    }
  }

  /**
   * Stops a process left over from a node that died without stopping its embedded services (its
   * pid is the first line of {@code pidFile}): PostgreSQL refuses to start on a data directory a
   * live postmaster holds. Only processes of this user named in the file are touched.
   */
  static void stopOrphan(Path pidFile, String what) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    long pid;
    try {
      pid = Long.parseLong(first);
    } catch (NumberFormatException e) {
      return;
    }
    var process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return;
    }
    String command = process.get().info().command().orElse("");
    if (!command.contains("postgres") && !command.contains("redis")) {
      return;
    }
    log.warn("stopping the {} (pid {}) a previous node left running", what, pid);
    process.get().destroy();
    try {
      process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      process.get().destroyForcibly();
      try {
        process.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ignored) {
        throw new IOException(what + " pid " + pid + " did not stop");
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
