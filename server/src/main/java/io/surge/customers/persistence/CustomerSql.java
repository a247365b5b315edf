package io.surge.customers.persistence;

/** The named SQL of customers. */
final class CustomerSql {
  private CustomerSql() {}

  /**
   * Sets the tier of the customer with this e-mail (any case), creating the customer when there is
   * none yet; an order placed later keeps the record and its tier.
   */
  static final String UPSERT_TIER = """
      INSERT INTO customer AS c (email, tier) VALUES ($1, $2)
      ON CONFLICT (lower(email)) DO UPDATE SET tier = excluded.tier, updated_at = now()
      RETURNING c.email, c.name, c.phone, c.tier""";
}
