package io.surge.catalog.domain;

import java.time.Instant;

/** A product: what a shopper browses. Its variants are what is sold and stocked. */
public record Product(long id, String handle, String title, String description, boolean active,
    Instant createdAt, Instant updatedAt) {}
