package io.surge.inventory.domain;

import java.time.Instant;

/** One row of the stock ledger: a signed change of one counter of one pool, with why and who. */
public record StockMovement(long id, long variantId, String sku, long locationId, String kind,
    int quantity, String reason, String actor, String reference, Instant createdAt) {}
