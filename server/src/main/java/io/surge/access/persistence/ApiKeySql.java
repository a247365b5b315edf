package io.surge.access.persistence;

/** The named SQL of API keys; every value is a parameter. */
final class ApiKeySql {
  private ApiKeySql() {}

  static final String COLUMNS =
      "id, name, role, channel_id, prefix, created_at, revoked_at, last_used_at";

  static final String INSERT = """
      INSERT INTO api_key (name, role, channel_id, key_hash, prefix)
      VALUES ($1, $2, $3, $4, $5)
      RETURNING """ + " " + COLUMNS;

  static final String FIND_BY_HASH =
      "SELECT " + COLUMNS + ", key_hash FROM api_key WHERE key_hash = $1";

  static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM api_key WHERE id = $1";

  static final String PAGE = "SELECT " + COLUMNS + " FROM api_key"
      + " WHERE ($1 OR revoked_at IS NULL) AND ($2::bigint IS NULL OR id < $2)"
      + " ORDER BY id DESC LIMIT $3";

  static final String COUNT =
      "SELECT count(*) FROM api_key WHERE ($1 OR revoked_at IS NULL)";

  static final String REVOKE = "UPDATE api_key SET revoked_at = coalesce(revoked_at, now())"
      + " WHERE id = $1 RETURNING " + COLUMNS;

  static final String TOUCH = "UPDATE api_key SET last_used_at = now() WHERE id = $1";
}
