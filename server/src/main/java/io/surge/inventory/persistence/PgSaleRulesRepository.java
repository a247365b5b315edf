package io.surge.inventory.persistence;

import io.surge.inventory.domain.Campaign;
import io.surge.inventory.domain.SaleRules;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Flash-sale controls of variants and campaigns in PostgreSQL. */
public final class PgSaleRulesRepository {
  public static final String CAMPAIGN_CODE_TAKEN = "campaign_code_key";

  private static final String SET_VARIANT_RULES = """
      UPDATE variant SET max_per_reservation = $2, max_per_customer = $3, sale_starts_at = $4,
             sale_ends_at = $5, updated_at = now()
      WHERE sku = $1 RETURNING id""";
  private static final String INSERT_CAMPAIGN = """
      INSERT INTO campaign (code, name, max_per_reservation, max_per_customer, starts_at, ends_at)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";
  private static final String ADD_CAMPAIGN_VARIANTS = """
      INSERT INTO campaign_variant (campaign_id, variant_id)
      SELECT $1, id FROM variant WHERE sku = ANY($2)""";

  private final Pool pool;

  public PgSaleRulesRepository(Pool pool) {
    this.pool = pool;
  }

  /** Replaces a variant's own rules; the variant's id, or empty when no variant has the SKU. */
  public Future<Optional<Long>> setVariantRules(String sku, SaleRules rules) {
    return pool.preparedQuery(SET_VARIANT_RULES)
        .execute(Tuple.of(sku, rules.maxPerReservation(), rules.maxPerCustomer(), time(rules.startsAt()),
            time(rules.endsAt())))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** Inserts a campaign and its variants (SKUs must exist: checked by the caller) in one transaction. */
  public Future<Campaign> insertCampaign(String code, String name, SaleRules rules, List<String> skus) {
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_CAMPAIGN)
        .execute(Tuple.of(code, name, rules.maxPerReservation(), rules.maxPerCustomer(),
            time(rules.startsAt()), time(rules.endsAt())))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> tx.preparedQuery(ADD_CAMPAIGN_VARIANTS)
            .execute(Tuple.tuple().addLong(id).addArrayOfString(skus.toArray(new String[0])))
            .map(done -> new Campaign(id, code, name, skus, rules))));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
