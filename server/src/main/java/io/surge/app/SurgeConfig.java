package io.surge.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Node configuration, read once at start-up from {@code SURGE_*} environment variables.
 * Immutable; safe to share between threads.
 *
 * @param pgUrl external PostgreSQL URL; empty means "start the embedded one"
 * @param redisUrl external Redis URL; empty means "start the embedded one"
 * @param adminKey bootstrap ADMIN API key; empty means none (or a generated one in demo mode)
 * @param eventLoops HTTP verticle instances, one per event loop
 * @param countStatements count the SQL statements sent to PostgreSQL (for tests that pin a
 *     request's statement count); off by default, and nothing is installed while off
 * @param edge overload protection and rate limits at the HTTP edge
 * @param pgTimeouts how long a request may wait for PostgreSQL before it fails as UNAVAILABLE
 */
public record SurgeConfig(
    String httpHost,
    int httpPort,
    Optional<String> pgUrl,
    Optional<String> redisUrl,
    Path dataDir,
    Optional<String> adminKey,
    boolean demo,
    int eventLoops,
    int pgPoolSize,
    boolean introspection,
    boolean graphiql,
    GraphQLLimitsConfig limits,
    boolean countStatements,
    EdgeLimitsConfig edge,
    PgTimeoutsConfig pgTimeouts) {

  /**
   * How every GraphQL request is bounded before it executes, and how long storefront answers of
   * {@code @cacheable} queries may be served from the response cache (0 turns it off).
   */
  public record GraphQLLimitsConfig(int maxDepth, int maxComplexity, int maxAliases, int maxBodyBytes,
      int responseCacheMillis) {
    public GraphQLLimitsConfig(int maxDepth, int maxComplexity, int maxAliases, int maxBodyBytes) {
      this(maxDepth, maxComplexity, maxAliases, maxBodyBytes, 1_000);
    }

    public static GraphQLLimitsConfig defaults() {
      return new GraphQLLimitsConfig(12, 5_000, 30, 1024 * 1024, 1_000);
    }
  }

  /**
   * Bounds on waiting for PostgreSQL, so that while it is down or unreachable a request fails fast
   * (UNAVAILABLE, retryable) instead of piling up behind it.
   *
   * @param connectTimeoutMs opening a TCP connection; the OS default (minutes) would hold requests
   *     for as long as a host that drops packets stays unreachable
   * @param acquireTimeoutMs waiting for a pooled connection (all busy, or being opened)
   * @param maxWaitQueue requests waiting for a connection; past it one fails at once
   */
  public record PgTimeoutsConfig(int connectTimeoutMs, int acquireTimeoutMs, int maxWaitQueue) {
    public static PgTimeoutsConfig defaults() {
      return new PgTimeoutsConfig(2_000, 3_000, 4_096);
    }
  }

  public static SurgeConfig fromEnv(Map<String, String> env) {
    var defaults = GraphQLLimitsConfig.defaults();
    var pgDefaults = PgTimeoutsConfig.defaults();
    return new SurgeConfig(
        env.getOrDefault("SURGE_HTTP_HOST", "127.0.0.1"),
        intValue(env, "SURGE_HTTP_PORT", 8080),
        nonBlank(env.get("SURGE_PG_URL")),
        nonBlank(env.get("SURGE_REDIS_URL")),
        Path.of(env.getOrDefault("SURGE_DATA_DIR", "./data")).toAbsolutePath().normalize(),
        nonBlank(env.get("SURGE_ADMIN_KEY")),
        Boolean.parseBoolean(env.getOrDefault("SURGE_DEMO", "false")),
        intValue(env, "SURGE_EVENT_LOOPS", Runtime.getRuntime().availableProcessors()),
        intValue(env, "SURGE_PG_POOL_SIZE", 8),
        Boolean.parseBoolean(env.getOrDefault("SURGE_INTROSPECTION", "true")),
        Boolean.parseBoolean(env.getOrDefault("SURGE_GRAPHIQL", "true")),
        new GraphQLLimitsConfig(
            intValue(env, "SURGE_MAX_QUERY_DEPTH", defaults.maxDepth()),
            intValue(env, "SURGE_MAX_QUERY_COMPLEXITY", defaults.maxComplexity()),
            intValue(env, "SURGE_MAX_ALIASES", defaults.maxAliases()),
            intValue(env, "SURGE_MAX_BODY_BYTES", defaults.maxBodyBytes()),
            intValue(env, "SURGE_RESPONSE_CACHE_MS", defaults.responseCacheMillis())),
        Boolean.parseBoolean(env.getOrDefault("SURGE_COUNT_STATEMENTS", "false")),
        EdgeLimitsConfig.fromEnv(env),
        new PgTimeoutsConfig(
            intValue(env, "SURGE_PG_CONNECT_TIMEOUT_MS", pgDefaults.connectTimeoutMs()),
            intValue(env, "SURGE_PG_ACQUIRE_TIMEOUT_MS", pgDefaults.acquireTimeoutMs()),
            intValue(env, "SURGE_PG_MAX_WAIT_QUEUE", pgDefaults.maxWaitQueue())));
  }

  /** A copy with other connection settings; tests point nodes at their own database this way. */
  public SurgeConfig withServices(String pgUrl, String redisUrl) {
    return new SurgeConfig(httpHost, httpPort, Optional.of(pgUrl), Optional.of(redisUrl), dataDir,
        adminKey, demo, eventLoops, pgPoolSize, introspection, graphiql, limits, countStatements, edge, pgTimeouts);
  }

  /** A copy keeping its files (the hot store) in {@code dir}: tests restart a node on the same files this way. */
  public SurgeConfig withDataDir(Path dir) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dir.toAbsolutePath().normalize(), adminKey, demo,
        eventLoops, pgPoolSize, introspection, graphiql, limits, countStatements, edge, pgTimeouts);
  }

  public SurgeConfig withHttpPort(int port) {
    return new SurgeConfig(httpHost, port, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, countStatements, edge, pgTimeouts);
  }

  public SurgeConfig withAdminKey(String key) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, Optional.of(key), demo,
        eventLoops, pgPoolSize, introspection, graphiql, limits, countStatements, edge, pgTimeouts);
  }

  public SurgeConfig withLimits(GraphQLLimitsConfig newLimits) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, newLimits, countStatements, edge, pgTimeouts);
  }

  public SurgeConfig withIntrospection(boolean enabled) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, enabled, graphiql, limits, countStatements, edge, pgTimeouts);
  }

  /** A copy that serves (or, for production, does not serve) GraphiQL at {@code /graphiql}. */
  public SurgeConfig withGraphiql(boolean enabled) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, enabled, limits, countStatements, edge, pgTimeouts);
  }

  /** A copy that counts (or stops counting) the SQL statements the node sends. */
  public SurgeConfig withStatementCounting(boolean enabled) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, enabled, edge, pgTimeouts);
  }

  /** A copy with other overload and rate-limit settings. */
  public SurgeConfig withEdge(EdgeLimitsConfig newEdge) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, countStatements, newEdge, pgTimeouts);
  }

  /** A copy with other PostgreSQL timeouts. */
  public SurgeConfig withPgTimeouts(PgTimeoutsConfig timeouts) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, countStatements, edge, timeouts);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** A whole-number setting, or {@code fallback} when unset; a malformed value stops the start with its name. */
  static int intValue(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }
}
