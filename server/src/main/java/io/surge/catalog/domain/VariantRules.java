package io.surge.catalog.domain;

import io.surge.common.Validation;
import io.surge.money.Money;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What makes a variant valid, checked before anything is written. Pure; no I/O. */
public final class VariantRules {
  public static final int MAX_VARIANTS_PER_CALL = 100;

  private VariantRules() {}

  /** Checks a list of new variants: each one, and that SKUs are distinct within the list. */
  public static void checkNew(Validation validation, List<VariantDraft> drafts, String... path) {
    validation.check(!drafts.isEmpty(), "REQUIRED", "give at least one variant", path);
    validation.check(drafts.size() <= MAX_VARIANTS_PER_CALL, "LIMIT_EXCEEDED",
        "at most " + MAX_VARIANTS_PER_CALL + " variants at once", path);
    if (drafts.size() > MAX_VARIANTS_PER_CALL) {
      return;
    }
    Set<String> skus = new HashSet<>();
    for (int i = 0; i < drafts.size(); i++) {
      VariantDraft draft = drafts.get(i);
      validation.code(draft.sku(), 64, Validation.path(path, i, "sku"))
          .text(draft.title(), 200, Validation.path(path, i, "title"));
      if (draft.sku() != null) {
        validation.check(skus.add(draft.sku()), "TAKEN", "SKU listed twice",
            Validation.path(path, i, "sku"));
      }
      checkFields(validation, draft, path, i);
    }
  }

  /** Checks the fields a create or an update may set (nulls are "unchanged" and pass). */
  public static void checkFields(Validation validation, VariantDraft draft, String[] path, int index) {
    validation.optionalText(draft.barcode(), 64, Validation.path(path, index, "barcode"))
        .optionalText(draft.taxClass(), 50, Validation.path(path, index, "taxClass"));
    validation.check(draft.weightGrams() == null || draft.weightGrams() >= 0, "INVALID",
        "must not be negative", Validation.path(path, index, "weightGrams"));
    Dimensions d = draft.dimensions();
    validation.check(d == null || (d.lengthMm() > 0 && d.widthMm() > 0 && d.heightMm() > 0),
        "INVALID", "dimensions must be positive", Validation.path(path, index, "dimensions"));
    if (draft.selectedOptions() != null) {
      Set<String> names = new HashSet<>();
      for (int o = 0; o < draft.selectedOptions().size(); o++) {
        SelectedOption option = draft.selectedOptions().get(o);
        String[] at = Validation.path(Validation.path(path, index, "selectedOptions"), o);
        validation.text(option.name(), 50, Validation.at(at, "name"))
            .text(option.value(), 100, Validation.at(at, "value"))
            .check(option.name() == null || names.add(option.name()), "INVALID",
                "option named twice", Validation.at(at, "name"));
      }
    }
    if (draft.prices() != null) {
      Set<String> currencies = new HashSet<>();
      for (int p = 0; p < draft.prices().size(); p++) {
        Money price = draft.prices().get(p);
        String[] at = Validation.path(Validation.path(path, index, "prices"), p);
        validation.check(price.minorUnits() >= 0, "INVALID", "a price must not be negative", at)
            .check(currencies.add(price.currencyCode()), "INVALID",
                "one price per currency", at);
      }
    }
  }
}
