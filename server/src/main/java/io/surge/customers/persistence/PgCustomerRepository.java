package io.surge.customers.persistence;

import io.surge.customers.domain.Customer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Customers in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgCustomerRepository {
  private final Pool pool;

  public PgCustomerRepository(Pool pool) {
    this.pool = pool;
  }

  /** Sets the tier of the customer with this e-mail, creating the customer if needed. */
  public Future<Customer> upsertTier(String email, String tier) {
    return pool.preparedQuery(CustomerSql.UPSERT_TIER).execute(Tuple.of(email, tier))
        .map(rows -> map(rows.iterator().next()));
  }

  private static Customer map(Row row) {
    return new Customer(row.getString("email"), row.getString("name"), row.getString("phone"),
        row.getString("tier"));
  }
}
