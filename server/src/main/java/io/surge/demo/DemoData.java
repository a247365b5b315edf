package io.surge.demo;

import io.surge.infra.pg.PgUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the demo data set ({@code demo/demo-data.sql}) once: a second run finds the demo channel
 * and does nothing. Blocking (JDBC, one transaction): runs in start-up, before any verticle.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);
  /** Set-based SQL, so seeding 3,000 variants with stock takes a fraction of a second. */
  private static final String SCRIPT = "demo/demo-data.sql";

  private DemoData() {}

  /** Seeds unless already seeded; returns whether it seeded. */
  public static boolean seed(PgUrl url) throws SQLException, IOException {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      connection.setAutoCommit(false);
      try (var statement = connection.createStatement()) {
        // Serialises concurrent first starts of several nodes on one database.
        statement.execute("SELECT pg_advisory_xact_lock(4242)");
        try (var rows = statement.executeQuery("SELECT 1 FROM channel WHERE code = 'web'")) {
          if (rows.next()) {
            connection.rollback();
            log.info("demo data already present");
            return false;
          }
        }
        statement.execute(script());
        connection.commit();
        log.info("demo data seeded: channel 'web', 3 locations, 1,000 products, 3,000 variants");
        return true;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static String script() throws IOException {
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException("missing " + SCRIPT);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
