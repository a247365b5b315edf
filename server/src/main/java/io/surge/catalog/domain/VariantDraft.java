package io.surge.catalog.domain;

import io.surge.money.Money;
import java.util.List;

/**
 * A variant to create, or changes to one (null fields stay as they are; a non-null list
 * replaces the stored one).
 */
public record VariantDraft(String sku, String title, List<SelectedOption> selectedOptions,
    String barcode, Integer weightGrams, Dimensions dimensions, List<Money> prices,
    String taxClass, Boolean active) {}
