package io.surge.orders.routing;

/**
 * Where an order goes. Coordinates may be null: routing then compares country code and region
 * instead of measuring a distance. Immutable.
 */
public record Destination(Double latitude, Double longitude, String countryCode, String region) {

  boolean hasCoordinates() {
    return latitude != null && longitude != null;
  }
}
