package io.surge.idempotency;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Idempotency keys in PostgreSQL: claimed, then completed with the response, or released. */
public final class PgIdempotencyRepository {
  /**
   * Claims a key. A claim whose holder died (lock expired) may be taken over by a retry of the
   * same request; anything else leaves the row as it is and returns nothing.
   */
  private static final String CLAIM = """
      INSERT INTO idempotency_key AS k (key_owner, key, request_hash, status, locked_until)
      VALUES ($1, $2, $3, 'IN_PROGRESS', now() + $4::int * interval '1 second')
      ON CONFLICT (key_owner, key) DO UPDATE SET locked_until = EXCLUDED.locked_until
        WHERE k.status = 'IN_PROGRESS' AND k.locked_until < now() AND k.request_hash = EXCLUDED.request_hash
      RETURNING 1""";
  private static final String READ =
      "SELECT request_hash, status, response FROM idempotency_key WHERE key_owner = $1 AND key = $2";
  private static final String COMPLETE =
      "UPDATE idempotency_key SET status = 'COMPLETED', response = $3 WHERE key_owner = $1 AND key = $2";
  private static final String RELEASE =
      "DELETE FROM idempotency_key WHERE key_owner = $1 AND key = $2 AND status = 'IN_PROGRESS'";
  private static final String PURGE = "DELETE FROM idempotency_key WHERE created_at < now() - $1::int * interval '1 hour'";

  private final Pool pool;

  public PgIdempotencyRepository(Pool pool) {
    this.pool = pool;
  }

  /** A stored key: the hash of the request that used it, and its response once completed. */
  public record Stored(byte[] requestHash, boolean completed, String response) {}

  public Future<Boolean> claim(long owner, String key, byte[] hash, int lockSeconds) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(owner, key, Buffer.buffer(hash), lockSeconds))
        .map(rows -> rows.size() > 0);
  }

  public Future<Optional<Stored>> read(long owner, String key) {
    return pool.preparedQuery(READ).execute(Tuple.of(owner, key)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) {
        return Optional.empty();
      }
      Row row = it.next();
      return Optional.of(new Stored(row.getBuffer(0).getBytes(), "COMPLETED".equals(row.getString(1)),
          row.getString(2)));
    });
  }

  public Future<Void> complete(long owner, String key, String response) {
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(owner, key, response)).mapEmpty();
  }

  public Future<Void> release(long owner, String key) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(owner, key)).mapEmpty();
  }

  /** Forgets keys older than {@code hours}. */
  public Future<Integer> purge(int hours) {
    return pool.preparedQuery(PURGE).execute(Tuple.of(hours)).map(rows -> rows.rowCount());
  }
}
