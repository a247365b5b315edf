package io.surge.orders.routing;

/**
 * Units of a variant a location can give to this order right now (negative counts as none).
 * {@link RoutingPolicy#route} asks at most once per variant and location, on the calling thread,
 * so an implementation backed by live stock sees one consistent question per pair.
 */
@FunctionalInterface
public interface Availability {
  int available(long variantId, long locationId);
}
