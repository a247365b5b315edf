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
    EdgeLimitsConfig edge) {

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

  public static SurgeConfig fromEnv(Map<String, String> env) {
    var defaults = GraphQLLimitsConfig.defaults();
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
        EdgeLimitsConfig.fromEnv(env));
  }

  /** A copy with other connection settings; tests point nodes at their own database this way. */
  public SurgeConfig withServices(String pgUrl, String redisUrl) {
    return new SurgeConfig(httpHost, httpPort, Optional.of(pgUrl), Optional.of(redisUrl), dataDir,
        adminKey, demo, eventLoops, pgPoolSize, introspection, graphiql, limits, countStatements, edge);
  }

  /** A copy keeping its files (the hot store) in {@code dir}: tests restart a node on the same files this way. */
  public SurgeConfig withDataDir(Path dir) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dir.toAbsolutePath().normalize(), adminKey, demo,
        eventLoops, pgPoolSize, introspection, graphiql, limits, countStatements, edge);
  }

  public SurgeConfig withHttpPort(int port) {
    return new SurgeConfig(httpHost, port, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, countStatements, edge);
  }

  public SurgeConfig withAdminKey(String key) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, Optional.of(key), demo,
        eventLoops, pgPoolSize, introspection, graphiql, limits, countStatements, edge);
  }

  public SurgeConfig withLimits(GraphQLLimitsConfig newLimits) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, newLimits, countStatements, edge);
  }

  public SurgeConfig withIntrospection(boolean enabled) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, enabled, graphiql, limits, countStatements, edge);
  }

  /** A copy that counts (or stops counting) the SQL statements the node sends. */
  public SurgeConfig withStatementCounting(boolean enabled) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, enabled, edge);
  }

  /** A copy with other overload and rate-limit settings. */
  public SurgeConfig withEdge(EdgeLimitsConfig newEdge) {
    return new SurgeConfig(httpHost, httpPort, pgUrl, redisUrl, dataDir, adminKey, demo, eventLoops,
        pgPoolSize, introspection, graphiql, limits, countStatements, newEdge);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
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
