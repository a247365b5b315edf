package io.surge.inventory.domain;

/** A pool's availability after a change, as pushed to stockChanged subscribers. */
public record StockChange(String sku, long locationId, int available, int reserved) {}
