package io.surge.locations.domain;

import io.surge.common.Address;

/** A location to create, or changes to one: null fields stay as they are. */
public record LocationChanges(String code, String name, LocationKind kind, Address address,
    Double latitude, Double longitude, Boolean ships, Boolean pickup, Boolean active) {}
