package io.surge.support;

import io.surge.infra.pg.PgUrl;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/** Direct JDBC reads of a test database, to check what is really stored. Test thread only. */
public final class Db {
  private Db() {}

  /** The first column of every row of {@code sql}. */
  public static List<Object> column(String pgUrl, String sql, Object... params) {
    PgUrl url = PgUrl.parse(pgUrl);
    try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      List<Object> values = new ArrayList<>();
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getObject(1));
        }
      }
      return values;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs an update; returns the rows it changed. For tests that must move time (e.g. a deadline) by hand. */
  public static int execute(String pgUrl, String sql, Object... params) {
    PgUrl url = PgUrl.parse(pgUrl);
    try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      return statement.executeUpdate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(String pgUrl, String sql, Object... params) {
    return ((Number) column(pgUrl, sql, params).get(0)).longValue();
  }
}
