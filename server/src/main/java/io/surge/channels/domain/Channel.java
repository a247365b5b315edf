package io.surge.channels.domain;

import java.time.Instant;

/**
 * A sales channel: where orders come from, the currency it sells in, how long its unpaid orders
 * hold their stock and how its orders' priority is weighed.
 */
public record Channel(long id, String code, String name, String currencyCode, boolean active,
    int reservationTtlDefaultSeconds, int reservationTtlMaxSeconds, int unpaidOrderTtlMinutes,
    PriorityWeightSettings priorityWeights, Instant createdAt, Instant updatedAt) {}
