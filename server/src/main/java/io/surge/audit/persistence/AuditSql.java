package io.surge.audit.persistence;

/** The named SQL of the audit log; every value is a parameter. */
final class AuditSql {
  private AuditSql() {}

  static final String COLUMNS = "id, at, key_id, key_name, role, mutation, operation_name,"
      + " client_address, outcome, variables";

  static final String INSERT = """
      INSERT INTO audit_log (at, key_id, key_name, role, mutation, operation_name, client_address,
                             outcome, variables)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

  private static final String FILTER = " WHERE ($1::bigint IS NULL OR key_id = $1)"
      + " AND ($2::text IS NULL OR mutation = $2)"
      + " AND ($3::timestamptz IS NULL OR at >= $3)"
      + " AND ($4::timestamptz IS NULL OR at < $4)";

  static final String PAGE = "SELECT " + COLUMNS + " FROM audit_log" + FILTER
      + " AND ($5::bigint IS NULL OR id < $5) ORDER BY id DESC LIMIT $6";

  static final String COUNT = "SELECT count(*) FROM audit_log" + FILTER;
}
