package io.surge.orders.domain;

import java.time.Instant;

/** An order moved from one status to another (for live subscriptions). */
public record StatusChange(long orderId, String number, OrderStatus from, OrderStatus to, Instant at) {}
