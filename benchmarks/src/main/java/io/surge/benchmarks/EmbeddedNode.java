package io.surge.benchmarks;

import io.surge.access.domain.ApiKeySecret;
import io.surge.access.domain.Principal;
import io.surge.access.domain.Role;
import io.surge.app.SurgeConfig;
import io.surge.app.SurgeNode;
import io.surge.demo.DemoData;
import io.surge.graphql.GraphQLEngine;
import io.surge.graphql.RequestContext;
import io.surge.infra.embedded.EmbeddedServices;
import io.surge.infra.pg.Migrations;
import io.surge.infra.pg.PgUrl;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A real Surge node for one benchmark fork: embedded PostgreSQL and Redis, migrations, the demo
 * data set, then {@link SurgeNode#start} as {@code Main} does it. Started once per trial, before
 * any warm-up, and stopped with everything under its temporary folder afterwards.
 *
 * <p>Files go under {@code java.io.tmpdir} (zonky also unpacks PostgreSQL there); the folder is
 * created first, so {@code -Djava.io.tmpdir=benchmarks/target/tmp} works on a clean checkout.
 * Set-up and tear-down block; they run on the JMH thread, never on an event loop.
 */
@State(Scope.Benchmark)
public class EmbeddedNode {
  /** The query {@code loadtests/ceiling.sh} sends over HTTP: a variant, its prices and product. */
  public static final String VARIANT_QUERY = "query Variant($sku: String!) { variant(sku: $sku) "
      + "{ id sku title prices { amount currencyCode } product { title } } }";
  /** A SKU of the demo data set. */
  public static final String SKU = "DEMO-0001-M";

  private static final Principal ADMIN = new Principal(1, "benchmark", Role.ADMIN, null);

  private Path root;
  private EmbeddedServices.Postgres postgres;
  private EmbeddedServices.Redis redis;
  private SurgeNode node;

  @Setup(Level.Trial)
  public void start() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(tmp);
    root = Files.createTempDirectory(tmp, "surge-bench-");
    postgres = EmbeddedServices.startPostgres(root.resolve("postgres"), false);
    redis = EmbeddedServices.startRedis(root.resolve("redis"));
    PgUrl pg = PgUrl.parse(postgres.url());
    Migrations.migrate(pg);
    DemoData.seed(pg);
    node = SurgeNode.start(SurgeConfig.fromEnv(Map.of("SURGE_DATA_DIR", root.resolve("node").toString()))
        .withServices(postgres.url(), redis.url())
        .withHttpPort(freePort())
        .withAdminKey(ApiKeySecret.generate()));
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
      if (postgres != null) {
        postgres.close();
      }
      deleteTree(root);
    }
  }

  public GraphQLEngine engine() {
    return node.engine();
  }

  public Vertx vertx() {
    return node.vertx();
  }

  /** The node's PostgreSQL pool, for benchmarks of the persistence layer. */
  public io.vertx.sqlclient.Pool pool() {
    return node.pool();
  }

  /** The URL of the node's database, for JDBC set-up done before measuring. */
  public String postgresUrl() {
    return postgres.url();
  }

  /** What the HTTP handler builds per request for an ADMIN key: fresh DataLoaders included. */
  public RequestContext adminRequest() {
    return new RequestContext(ADMIN, node.engine().newLoaders(), "127.0.0.1", null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
