package io.surge.channels.domain;

import java.time.Instant;

/** A sales channel: where orders come from, the currency it sells in. */
public record Channel(long id, String code, String name, String currencyCode, boolean active,
    int reservationTtlDefaultSeconds, int reservationTtlMaxSeconds, Instant createdAt,
    Instant updatedAt) {}
