package io.surge.infra.pg;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations in {@code db/migration}. Blocking (JDBC): runs in {@code Main}
 * before any verticle is deployed.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(PgUrl url) {
    Flyway flyway = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .load();
    var result = flyway.migrate();
    log.info("database at schema version {} ({} migrations applied now)",
        flyway.info().current().getVersion(), result.migrationsExecuted);
  }
}
