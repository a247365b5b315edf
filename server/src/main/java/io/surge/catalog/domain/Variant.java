package io.surge.catalog.domain;

import java.time.Instant;
import java.util.List;

/**
 * A sellable, stockable version of a product, identified by its unique SKU. Prices live apart
 * (one per currency) and are loaded in batches.
 *
 * @param dimensions null when unknown
 */
public record Variant(long id, long productId, String sku, String title,
    List<SelectedOption> selectedOptions, String barcode, Integer weightGrams,
    Dimensions dimensions, String taxClass, boolean active, Instant createdAt, Instant updatedAt) {}
