package io.surge.locations.domain;

import io.surge.common.Address;
import java.time.Instant;

/**
 * A place that holds stock: a warehouse, a store or a drop-shipper.
 *
 * @param latitude null when unknown (routing then matches by country and region)
 */
public record Location(long id, String code, String name, LocationKind kind, Address address,
    Double latitude, Double longitude, boolean ships, boolean pickup, boolean active,
    Instant createdAt, Instant updatedAt) {}
