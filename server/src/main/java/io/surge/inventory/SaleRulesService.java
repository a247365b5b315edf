package io.surge.inventory;

import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.infra.pg.Rows;
import io.surge.inventory.domain.Campaign;
import io.surge.inventory.domain.SaleRules;
import io.surge.inventory.persistence.PgSaleRulesRepository;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;

/** Setting flash-sale controls on variants and campaigns. Non-blocking. */
public final class SaleRulesService {
  private final PgSaleRulesRepository rules;
  private final InventoryDirectory directory;

  public SaleRulesService(PgSaleRulesRepository rules, InventoryDirectory directory) {
    this.rules = rules;
    this.directory = directory;
  }

  public Future<Outcome<Long>> setVariantRules(String sku, SaleRules newRules) {
    Validation validation = check(newRules);
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return rules.setVariantRules(sku, newRules).map(id -> {
      directory.forget();
      return id.map(Outcome::ok).orElseGet(() ->
          Outcome.refused(UserError.notFound("no variant has this SKU", "input", "sku")));
    });
  }

  public Future<Outcome<Campaign>> createCampaign(String code, String name, List<String> skus, SaleRules newRules) {
    Validation validation = check(newRules).code(code, 50, "input", "code").text(name, 200, "input", "name");
    validation.check(!skus.isEmpty() && skus.size() <= 10_000, "INVALID", "give 1 to 10,000 SKUs", "input", "skus");
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    List<String> distinct = List.copyOf(new HashSet<>(skus));
    return directory.variants(distinct).compose(found -> {
      for (int i = 0; i < skus.size(); i++) {
        if (!found.containsKey(skus.get(i))) {
          return Future.succeededFuture(Outcome.<Campaign>refused(
              UserError.notFound("no variant has this SKU", "input", "skus", Integer.toString(i))));
        }
      }
      return rules.insertCampaign(code, name, newRules, distinct)
          .map(campaign -> {
            directory.forget();
            return Outcome.ok(campaign);
          })
          .recover(failure -> Rows.isUniqueViolation(failure, PgSaleRulesRepository.CAMPAIGN_CODE_TAKEN)
              ? Future.succeededFuture(Outcome.refused(UserError.taken("a campaign with this code exists", "input", "code")))
              : Future.failedFuture(failure));
    });
  }

  private static Validation check(SaleRules rules) {
    return new Validation()
        .check(rules.maxPerReservation() == null || rules.maxPerReservation() > 0, "INVALID",
            "must be positive", "input", "maxPerReservation")
        .check(rules.maxPerCustomer() == null || rules.maxPerCustomer() > 0, "INVALID",
            "must be positive", "input", "maxPerCustomer")
        .check(rules.startsAt() == null || rules.endsAt() == null || rules.startsAt().isBefore(rules.endsAt()),
            "INVALID", "the sale must start before it ends", "input", "endsAt");
  }
}
