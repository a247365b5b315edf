package io.surge.orders.routing;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order to route: its lines, where it goes (may be null for click and collect), the locations
 * that could fulfil it and the time to judge capacity and cut-offs by. A non-null
 * {@code pickupLocationId} is click and collect: only that location is considered, and it must
 * be active and offer pickup. Immutable; the lists are copied.
 */
public record RoutingRequest(List<RoutingLine> lines, Destination destination, Long pickupLocationId,
    List<RoutingLocation> locations, Instant now) {

  public RoutingRequest {
    lines = List.copyOf(lines);
    locations = List.copyOf(locations);
    Objects.requireNonNull(now, "now");
  }
}
