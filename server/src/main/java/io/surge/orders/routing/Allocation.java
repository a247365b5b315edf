package io.surge.orders.routing;

/** Units of one order line to take from one location. Immutable. */
public record Allocation(int lineNo, long variantId, long locationId, int quantity) {}
