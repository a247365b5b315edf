package io.surge.orders.domain;

import java.time.Instant;

/** One status change of an order: who, when, why. */
public record HistoryEntry(long orderId, OrderStatus from, OrderStatus to, String actor, String reason, Instant at) {}
