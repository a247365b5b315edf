package io.surge.orders.domain;

import java.time.Instant;

/**
 * A staff draft order as stored: its fields, and where it is. Money in {@code fields} is in
 * minor units of {@code currency}.
 *
 * @param customerTier the tier of the customer with the draft's e-mail (STANDARD when unknown)
 * @param version bumped by every edit and refused confirmation (see the confirmation's idempotency key)
 * @param confirmingSince set while a confirmation runs
 * @param orderId the order placed from it, once COMPLETED
 */
public record DraftOrder(long id, DraftOrderStatus status, String currency, DraftFields fields, String customerTier,
    int version, Instant confirmingSince, Long orderId, Instant createdAt, Instant updatedAt, Instant completedAt) {}
