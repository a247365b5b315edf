package io.surge.support;

import io.surge.access.domain.ApiKeySecret;
import io.surge.app.EdgeLimitsConfig;
import io.surge.app.SurgeConfig;
import io.surge.app.SurgeNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Surge node running in the test JVM against a database of its own on the shared test
 * PostgreSQL and Redis. {@link #shared()} is one node for all tests that need no special
 * configuration; {@link #start} makes another (close it). Test nodes count the SQL statements
 * they send, so any test can measure a request with {@link #statements()}.
 */
public final class TestNode implements AutoCloseable {
  private static TestNode shared;

  private final SurgeNode node;
  private final String adminKey;
  private final String pgUrl;

  private TestNode(SurgeNode node, String adminKey, String pgUrl) {
    this.node = node;
    this.adminKey = adminKey;
    this.pgUrl = pgUrl;
  }

  /** The node most tests share; started on first use, stopped with the JVM. */
  public static synchronized TestNode shared() {
    if (shared == null) {
      shared = start(config -> config);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** Starts a node with a fresh database; {@code customise} may change the config. */
  public static TestNode start(UnaryOperator<SurgeConfig> customise) {
    return startOn(TestServices.freshDatabase("node"), customise);
  }

  /** Starts a node on an existing database (a restart, or a second node). */
  public static TestNode startOn(String pgUrl, UnaryOperator<SurgeConfig> customise) {
    String adminKey = ApiKeySecret.generate();
    SurgeConfig config = SurgeConfig.fromEnv(Map.of(
            "SURGE_EVENT_LOOPS", "2",
            "SURGE_PG_POOL_SIZE", "4",
            "SURGE_DATA_DIR", dataDir().toString()))
        .withServices(pgUrl, TestServices.redisUrl())
        .withHttpPort(freePort())
        .withAdminKey(adminKey)
        .withStatementCounting(true);
    // Every test node shares one Redis and one client address (127.0.0.1): the anonymous bucket
    // is widened so the suite's anonymous requests never meet each other's limit. Rate-limit
    // tests set their own.
    config = config.withEdge(config.edge().withRates(config.edge().admin(), config.edge().staff(),
        config.edge().channel(), new EdgeLimitsConfig.Rate(10_000, 20_000), config.edge().channels()));
    try {
      SurgeConfig custom = customise.apply(config);
      return new TestNode(SurgeNode.start(custom), custom.adminKey().orElseThrow(), pgUrl);
    } catch (Exception e) {
      throw new IllegalStateException("test node failed to start", e);
    }
  }

  public GraphQLClient admin() {
    return new GraphQLClient(baseUrl(), adminKey);
  }

  public GraphQLClient anonymous() {
    return new GraphQLClient(baseUrl(), null);
  }

  /** The node's ADMIN key, for clients that are not a {@link GraphQLClient} (e.g. the CLI). */
  public String adminKey() {
    return adminKey;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + node.port();
  }

  public SurgeNode node() {
    return node;
  }

  /** Counts the SQL statements of this node's requests: {@code statements().during(() -> ...)}. */
  public StatementWatch statements() {
    return new StatementWatch(node.statements());
  }

  /** The URL of this node's own database, for tests that check rows directly. */
  public String pgUrl() {
    return pgUrl;
  }

  @Override
  public void close() {
    try {
      node.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each node keeps its hot-store file in a directory of its own. */
  private static Path dataDir() {
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir"));
      java.nio.file.Files.createDirectories(base);
      return java.nio.file.Files.createTempDirectory(base, "surge-node-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
