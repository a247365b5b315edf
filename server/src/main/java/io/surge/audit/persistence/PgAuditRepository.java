package io.surge.audit.persistence;

import io.surge.access.domain.Role;
import io.surge.audit.domain.AuditEntry;
import io.surge.audit.domain.AuditFilter;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The audit log in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgAuditRepository {
  private final Pool pool;

  public PgAuditRepository(Pool pool) {
    this.pool = pool;
  }

  /** Appends entries in one pipelined batch. */
  public Future<Void> insert(List<AuditEntry> entries) {
    List<Tuple> batch = new ArrayList<>(entries.size());
    for (AuditEntry entry : entries) {
      batch.add(Tuple.tuple()
          .addOffsetDateTime(entry.at().atOffset(ZoneOffset.UTC))
          .addLong(entry.keyId())
          .addString(entry.keyName())
          .addString(entry.role().name())
          .addString(entry.mutation())
          .addString(entry.operationName())
          .addString(entry.clientAddress())
          .addString(entry.outcome())
          .addValue(new JsonObject(entry.variables())));
    }
    return pool.preparedQuery(AuditSql.INSERT).executeBatch(batch).mapEmpty();
  }

  /** Newest first; the cursor is the id. */
  public Future<Page<AuditEntry>> page(PageRequest request, AuditFilter filter) {
    Tuple page = where(filter)
        .addLong(request.hasCursor() ? request.afterKey() : null)
        .addInteger(request.limit());
    Future<List<AuditEntry>> rows = pool.preparedQuery(AuditSql.PAGE).execute(page)
        .map(result -> Rows.list(result, PgAuditRepository::map));
    Future<Long> count = pool.preparedQuery(AuditSql.COUNT).execute(where(filter))
        .map(result -> result.iterator().next().getLong(0));
    return Future.all(rows, count).map(all -> Page.of(rows.result(), request.first(),
        request.hasCursor(), count.result(), AuditEntry::id));
  }

  private static Tuple where(AuditFilter filter) {
    return Tuple.of(filter.keyId(), filter.mutation(),
        filter.after() == null ? null : filter.after().atOffset(ZoneOffset.UTC),
        filter.before() == null ? null : filter.before().atOffset(ZoneOffset.UTC));
  }

  private static AuditEntry map(Row row) {
    Object variables = row.getValue("variables");
    return new AuditEntry(
        row.getLong("id"),
        Rows.instant(row, "at"),
        row.getLong("key_id"),
        row.getString("key_name"),
        Role.valueOf(row.getString("role")),
        row.getString("mutation"),
        row.getString("operation_name"),
        row.getString("client_address"),
        row.getString("outcome"),
        variables instanceof JsonObject json ? json.encode() : String.valueOf(variables));
  }
}
