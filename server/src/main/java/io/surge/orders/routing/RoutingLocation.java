package io.surge.orders.routing;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A location that could fulfil an order, with the facts the routing policy scores it on.
 * {@code dailyCapacity} null means unlimited; {@code cutoff} null means none, and is a local time
 * in {@code zone} (UTC when the zone is null); {@code shippingCostMinor} is the estimated cost of
 * one shipment from here in minor units. Immutable.
 */
public record RoutingLocation(long id, String code, Double latitude, Double longitude, String countryCode,
    String region, boolean ships, boolean pickup, boolean active, Integer dailyCapacity, int ordersToday,
    LocalTime cutoff, ZoneId zone, long shippingCostMinor) {

  public RoutingLocation {
    Objects.requireNonNull(code, "code");
  }

  /** Out of capacity for today: as many orders as its daily capacity (never when unlimited). */
  public boolean capacityFull() {
    return dailyCapacity != null && ordersToday >= dailyCapacity;
  }

  boolean hasCoordinates() {
    return latitude != null && longitude != null;
  }
}
