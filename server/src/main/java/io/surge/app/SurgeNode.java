package io.surge.app;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surge.access.AdminKeyBootstrap;
import io.surge.audit.graphql.AuditInstrumentation;
import io.surge.demo.DemoData;
import io.surge.graphql.GraphQLEngine;
import io.surge.graphql.GraphQLHttpHandler;
import io.surge.infra.OwnEventLoop;
import io.surge.infra.embedded.EmbeddedServices;
import io.surge.infra.metrics.EdgeMetrics;
import io.surge.infra.metrics.GraphQLMetrics;
import io.surge.infra.pg.Migrations;
import io.surge.infra.pg.PgPools;
import io.surge.infra.pg.PgUrl;
import io.surge.infra.pg.StatementCounter;
import io.surge.graphql.RateLimitPolicy;
import io.surge.infra.redis.RedisRateLimiter;
import io.surge.inventory.InventoryModule;
import io.surge.inventory.hotstore.HotStoreLoader;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.UUID;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Surge node and the order it starts and stops in. {@link #start} blocks (embedded
 * services, Flyway and demo seeding use JDBC), so it runs on {@code main} or a test thread, never
 * on an event loop; {@link #close} undoes it in reverse.
 */
public final class SurgeNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SurgeNode.class);
  private static final long IDEMPOTENCY_PURGE_MS = 3_600_000;

  private final SurgeConfig config;
  private final List<AutoCloseable> embedded;
  private final Vertx vertx;
  private final Pool pool;
  private final OwnEventLoop journalLoop;
  private final Pool journalPool;
  private final Redis redis;
  private final GraphQLEngine engine;
  private final Services services;
  private final StatementCounter statements;
  private final int port;

  private SurgeNode(SurgeConfig config, List<AutoCloseable> embedded, Vertx vertx, Pool pool,
      OwnEventLoop journalLoop, Pool journalPool, Redis redis, GraphQLEngine engine, Services services,
      StatementCounter statements, int port) {
    this.config = config;
    this.embedded = embedded;
    this.vertx = vertx;
    this.pool = pool;
    this.journalLoop = journalLoop;
    this.journalPool = journalPool;
    this.redis = redis;
    this.engine = engine;
    this.services = services;
    this.statements = statements;
    this.port = port;
  }

  /** Starts a node: services, migrations, (demo data), then one HTTP verticle per event loop. */
  public static SurgeNode start(SurgeConfig config) throws Exception {
    List<AutoCloseable> embedded = new ArrayList<>();
    try {
      return start(config, embedded);
    } catch (Exception | Error e) {
      // Whatever started before the failure must not outlive it.
      for (int i = embedded.size() - 1; i >= 0; i--) {
        embedded.get(i).close();
      }
      throw e;
    }
  }

  private static SurgeNode start(SurgeConfig config, List<AutoCloseable> embedded) throws Exception {
    String pgUrl = config.pgUrl().orElseGet(() -> {
      var pg = EmbeddedServices.startPostgres(config.dataDir().resolve("postgres"), true);
      embedded.add(pg);
      return pg.url();
    });
    String redisUrl = config.redisUrl().orElseGet(() -> {
      var redis = EmbeddedServices.startRedis(config.dataDir().resolve("redis"));
      embedded.add(redis);
      return redis.url();
    });
    PgUrl pg = PgUrl.parse(pgUrl);
    Migrations.migrate(pg);
    if (config.demo()) {
      DemoData.seed(pg);
    }
    HotStoreLoader.Loaded hot = HotStoreLoader.load(config.dataDir().resolve("hotstore").resolve("stock.dat"), pg);
    embedded.add(hot.store());

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    StatementCounter statements = config.countStatements()
        ? StatementCounter.enabled()
        : StatementCounter.disabled();
    Vertx vertx = statements.instrument(Vertx.builder()
            .with(new VertxOptions()
                .setEventLoopPoolSize(config.eventLoops())
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(metrics)))
        .build();
    Pool pool = PgPools.create(vertx, pg, config.pgPoolSize(), config.pgTimeouts(), "surge-pg",
        config.eventLoops());
    // The reservation journal: its own event loop and connections (docs/PERFORMANCE.md §3e).
    OwnEventLoop journalLoop = new OwnEventLoop(vertx, "surge-journal");
    Pool journalPool = PgPools.create(vertx, pg, 2, config.pgTimeouts(), "surge-pg-journal", 0);
    Redis redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(redisUrl)
        .setMaxPoolSize(8)
        .setMaxPoolWaiting(1_024));

    // Held strongly: nothing else keeps the loader's result, and a weakly held gauge reads NaN after a GC.
    Gauge.builder("surge.hotstore.drift.pools", hot, HotStoreLoader.Loaded::drifted)
        .strongReference(true)
        .description("pools whose hot-store counts differed from PostgreSQL at start-up").register(metrics);
    Services services = Services.create(vertx, pool,
        new InventoryModule.JournalHome(journalLoop.context(), journalPool), redis, hot.store(),
        UUID.randomUUID().toString(), metrics);
    GraphQLEngine engine = GraphQLEngine.build(services.wirings(), config.limits(), config.introspection(),
        new AuditInstrumentation(services.audit()), Duration.ofMillis(config.limits().responseCacheMillis()));
    var edgeMetrics = new EdgeMetrics(metrics);
    var rateLimits = new RateLimitPolicy(config.edge(),
        new RedisRateLimiter(redis, config.edge().redisTimeoutMillis(), edgeMetrics), edgeMetrics);
    var graphql = new GraphQLHttpHandler(engine, services.authenticator(), new GraphQLMetrics(metrics),
        services.idempotency(), rateLimits, edgeMetrics);
    var webSocketAuth = new WebSocketAuth(services.authenticator(), engine);
    var health = new HealthHandler(pool, redis);

    Future<Void> adminKey = config.adminKey()
        .map(key -> AdminKeyBootstrap.ensure(pool, key))
        .orElse(Future.succeededFuture());
    adminKey
        .compose(done -> services.inventory().start())
        .compose(done -> services.orders().start())
        .compose(done -> vertx.deployVerticle(
            () -> new HttpVerticle(config, engine, graphql, webSocketAuth, health, metrics, edgeMetrics),
            new DeploymentOptions().setInstances(config.eventLoops())))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    services.audit().start();
    // Idempotency keys are kept a day: long enough for any client's retries.
    vertx.setPeriodic(IDEMPOTENCY_PURGE_MS, id -> services.idempotency().purgeOlderThanHours(24)
        .onFailure(failure -> log.debug("idempotency key purge skipped: {}", failure.toString())));
    log.info("Surge is up: GraphQL at http://{}:{}/graphql, GraphiQL at http://{}:{}/graphiql",
        config.httpHost(), config.httpPort(), config.httpHost(), config.httpPort());
    return new SurgeNode(config, embedded, vertx, pool, journalLoop, journalPool, redis, engine, services,
        statements, config.httpPort());
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public GraphQLEngine engine() {
    return engine;
  }

  public SurgeConfig config() {
    return config;
  }

  public Services services() {
    return services;
  }

  /** The SQL statements this node has sent; a disabled counter unless configured to count. */
  public StatementCounter statements() {
    return statements;
  }

  /** Stops accepting, drains requests in flight, closes the pools, then the embedded services. */
  @Override
  public void close() throws Exception {
    try {
      services.orders().stop();
      services.inventory().stop();
      vertx.deploymentIDs().stream().toList().forEach(id -> {
        try {
          vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
          log.warn("undeploy of {} did not finish cleanly", id, e);
        }
      });
      try {
        services.audit().stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("the last audit entries may not have been written", e);
      }
      redis.close();
      pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      journalPool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      journalLoop.close();
      for (int i = embedded.size() - 1; i >= 0; i--) {
        embedded.get(i).close();
      }
    }
    log.info("Surge stopped");
  }
}
