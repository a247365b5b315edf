package io.surge.access;

import io.surge.access.domain.ApiKeySecret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Makes sure the bootstrap ADMIN key (from {@code SURGE_ADMIN_KEY}, or generated in demo mode)
 * exists, stored as a hash like every other key. Idempotent; runs once at start-up. A bootstrap
 * key an admin has revoked stays revoked: configure a new one instead.
 */
public final class AdminKeyBootstrap {
  private static final String UPSERT = """
      INSERT INTO api_key (name, role, key_hash, prefix)
      VALUES ('bootstrap admin', 'ADMIN', $1, $2)
      ON CONFLICT (key_hash) DO NOTHING
      """;

  private AdminKeyBootstrap() {}

  public static Future<Void> ensure(Pool pool, String secret) {
    if (!ApiKeySecret.plausible(secret)) {
      return Future.failedFuture(new IllegalArgumentException(
          "SURGE_ADMIN_KEY must be 16 to 256 characters long"));
    }
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(Buffer.buffer(ApiKeySecret.hash(secret)), ApiKeySecret.prefixOf(secret)))
        .mapEmpty();
  }
}
