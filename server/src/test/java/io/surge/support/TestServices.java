package io.surge.support;

import io.surge.infra.embedded.EmbeddedServices;
import io.surge.infra.pg.PgUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;

/**
 * PostgreSQL and Redis for the whole test run, started once per JVM (surefire runs one): the
 * embedded ones, or those named by {@code SURGE_TEST_PG_URL} / {@code SURGE_TEST_REDIS_URL}. Each
 * caller of {@link #freshDatabase} gets a database of its own, so test data never collides.
 */
public final class TestServices {
  private static String pgUrl;
  private static String redisUrl;

  private TestServices() {}

  public static synchronized String postgresUrl() {
    if (pgUrl == null) {
      String external = System.getenv("SURGE_TEST_PG_URL");
      if (external != null && !external.isBlank()) {
        pgUrl = external;
      } else {
        var pg = EmbeddedServices.startPostgres(tempDir("pg"), false);
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
        pgUrl = pg.url();
      }
    }
    return pgUrl;
  }

  public static synchronized String redisUrl() {
    if (redisUrl == null) {
      String external = System.getenv("SURGE_TEST_REDIS_URL");
      if (external != null && !external.isBlank()) {
        redisUrl = external;
      } else {
        var redis = EmbeddedServices.startRedis(tempDir("redis"));
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        redisUrl = redis.url();
      }
    }
    return redisUrl;
  }

  /** Creates an empty database and returns its URL. */
  public static String freshDatabase(String purpose) {
    PgUrl admin = PgUrl.parse(postgresUrl());
    String name = "surge_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (var connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
         var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return admin.withDatabase(name).url();
  }

  private static Path tempDir(String name) {
    try {
      Path base = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "surge-" + name + "-");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
