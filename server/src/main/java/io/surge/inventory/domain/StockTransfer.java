package io.surge.inventory.domain;

import java.time.Instant;

/** Units on their way from one location to another: out of the source at once, in on receipt. */
public record StockTransfer(long id, long variantId, String sku, long fromLocationId,
    long toLocationId, int quantity, String status, Instant createdAt, Instant receivedAt) {}
