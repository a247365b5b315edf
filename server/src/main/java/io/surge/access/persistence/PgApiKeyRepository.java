package io.surge.access.persistence;

import io.surge.access.domain.ApiKey;
import io.surge.access.domain.Role;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** API keys in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgApiKeyRepository {
  private final Pool pool;

  public PgApiKeyRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<ApiKey> insert(String name, Role role, Long channelId, byte[] hash, String prefix) {
    return pool.preparedQuery(ApiKeySql.INSERT)
        .execute(Tuple.of(name, role.name(), channelId, Buffer.buffer(hash), prefix))
        .map(rows -> map(rows.iterator().next()));
  }

  /** The key with this hash (revoked or not), and its stored hash for a constant-time check. */
  public Future<Optional<StoredKey>> findByHash(byte[] hash) {
    return pool.preparedQuery(ApiKeySql.FIND_BY_HASH)
        .execute(Tuple.of(Buffer.buffer(hash)))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return Optional.empty();
          }
          Row row = it.next();
          return Optional.of(new StoredKey(map(row), row.getBuffer("key_hash").getBytes()));
        });
  }

  /** A key and the hash it is stored under. */
  public record StoredKey(ApiKey key, byte[] hash) {}

  public Future<Optional<ApiKey>> findById(long id) {
    return pool.preparedQuery(ApiKeySql.FIND_BY_ID)
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, PgApiKeyRepository::map));
  }

  /** Newest first; the cursor is the id. */
  public Future<Page<ApiKey>> page(PageRequest request, boolean includeRevoked) {
    Long after = request.hasCursor() ? request.afterKey() : null;
    Future<List<ApiKey>> rows = pool.preparedQuery(ApiKeySql.PAGE)
        .execute(Tuple.of(includeRevoked, after, request.limit()))
        .map(result -> Rows.list(result, PgApiKeyRepository::map));
    Future<Long> count = pool.preparedQuery(ApiKeySql.COUNT)
        .execute(Tuple.of(includeRevoked))
        .map(result -> result.iterator().next().getLong(0));
    return Future.all(rows, count).map(all -> Page.of(rows.result(), request.first(),
        request.hasCursor(), count.result(), ApiKey::id));
  }

  public Future<Optional<ApiKey>> revoke(long id) {
    return pool.preparedQuery(ApiKeySql.REVOKE)
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, PgApiKeyRepository::map));
  }

  public Future<Void> touch(long id) {
    return pool.preparedQuery(ApiKeySql.TOUCH).execute(Tuple.of(id)).mapEmpty();
  }

  private static ApiKey map(Row row) {
    return new ApiKey(
        row.getLong("id"),
        row.getString("name"),
        Role.valueOf(row.getString("role")),
        row.getLong("channel_id"),
        row.getString("prefix"),
        Rows.instant(row, "created_at"),
        Rows.instant(row, "revoked_at"),
        Rows.instant(row, "last_used_at"));
  }

}
