package io.surge.infra.pg;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Small row-mapping helpers shared by the repositories. */
public final class Rows {
  private Rows() {}

  public static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(mapper.apply(row)));
    return list;
  }

  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
  }

  /** Maps rows and indexes them by a key of the mapped value (for to-one batch lookups). */
  public static <K, T> Map<K, T> index(RowSet<Row> rows, Function<Row, T> mapper, Function<T, K> key) {
    Map<K, T> byKey = new HashMap<>();
    rows.forEach(row -> {
      T value = mapper.apply(row);
      byKey.put(key.apply(value), value);
    });
    return byKey;
  }

  /** Maps rows and groups them by a key of the mapped value, keeping row order (for to-many lookups). */
  public static <K, T> Map<K, List<T>> group(RowSet<Row> rows, Function<Row, T> mapper, Function<T, K> key) {
    Map<K, List<T>> byKey = new HashMap<>();
    rows.forEach(row -> {
      T value = mapper.apply(row);
      byKey.computeIfAbsent(key.apply(value), k -> new ArrayList<>()).add(value);
    });
    return byKey;
  }

  /** Whether a failure is PostgreSQL's unique violation (SQLSTATE 23505) on {@code constraint}. */
  public static boolean isUniqueViolation(Throwable failure, String constraint) {
    return failure instanceof io.vertx.pgclient.PgException pg
        && "23505".equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }
}
