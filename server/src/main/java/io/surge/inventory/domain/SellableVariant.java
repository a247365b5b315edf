package io.surge.inventory.domain;

/** What the reservation path needs of a variant: its id, whether it is for sale, its rules. */
public record SellableVariant(long id, String sku, boolean active, SaleRules rules) {}
