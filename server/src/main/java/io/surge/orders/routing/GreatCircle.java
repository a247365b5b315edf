package io.surge.orders.routing;

/**
 * Great-circle (haversine) distance. Its own copy rather than the inventory domain's
 * {@code LocationChoice.distanceKm}: routing stays free of other domains' classes.
 */
final class GreatCircle {
  private static final double EARTH_RADIUS_KM = 6371.0;

  private GreatCircle() {}

  static double km(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }
}
