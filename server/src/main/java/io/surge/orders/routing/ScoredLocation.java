package io.surge.orders.routing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;

/**
 * A location scored for one request: the score (lower is better), the facts it came from and
 * their wording, e.g. {@code "12 km, cost 4.90, before cut-off 16:00"}.
 */
record ScoredLocation(RoutingLocation location, double score, Double distanceKm, boolean capacityFull,
    boolean pastCutoff, String facts) {

  /** Best score first; equal scores by location id, so the same input always routes the same way. */
  static final Comparator<ScoredLocation> BEST_FIRST = Comparator.comparingDouble(ScoredLocation::score)
      .thenComparingLong(scored -> scored.location().id());

  /**
   * Used when an end has no coordinates. Same country and region counts as local; same country
   * as a typical domestic haul; another country as further than any domestic haul, so a location
   * in the destination's country wins on distance whenever it can be told apart.
   */
  static final double SAME_COUNTRY_KM = 300.0;
  static final double OTHER_COUNTRY_KM = 2000.0;

  static ScoredLocation of(RoutingLocation location, Destination destination, Instant now, RoutingWeights weights) {
    StringBuilder facts = new StringBuilder(64);
    Double distanceKm = null;
    if (destination != null) {
      distanceKm = distance(location, destination, facts);
      facts.append(", ");
    }
    facts.append("cost ");
    ReasonText.cost(facts, location.shippingCostMinor());
    boolean pastCutoff = false;
    if (location.cutoff() != null) {
      ZoneId zone = location.zone() == null ? ZoneOffset.UTC : location.zone();
      pastCutoff = !LocalTime.ofInstant(now, zone).isBefore(location.cutoff());
      facts.append(pastCutoff ? ", past cut-off " : ", before cut-off ").append(location.cutoff());
    }
    boolean capacityFull = location.capacityFull();
    if (capacityFull) {
      facts.append(", capacity full (").append(location.ordersToday()).append(" of ")
          .append(location.dailyCapacity()).append(" orders today)");
    }
    double score = (distanceKm == null ? 0 : distanceKm * weights.distancePerKm())
        + location.shippingCostMinor() * weights.shippingCostPerMinorUnit()
        + (capacityFull ? weights.capacityFullPenalty() : 0)
        + (pastCutoff ? weights.pastCutoffPenalty() : 0);
    return new ScoredLocation(location, score, distanceKm, capacityFull, pastCutoff, facts.toString());
  }

  /** Measured when both ends have coordinates, else estimated from country and region. */
  private static double distance(RoutingLocation location, Destination destination, StringBuilder facts) {
    if (location.hasCoordinates() && destination.hasCoordinates()) {
      double km = GreatCircle.km(destination.latitude(), destination.longitude(),
          location.latitude(), location.longitude());
      ReasonText.km(facts, km);
      return km;
    }
    boolean sameCountry = location.countryCode() != null
        && location.countryCode().equalsIgnoreCase(destination.countryCode());
    if (sameCountry && location.region() != null && location.region().equalsIgnoreCase(destination.region())) {
      facts.append("same region (no coordinates: 0 km)");
      return 0.0;
    }
    if (sameCountry) {
      ReasonText.km(facts.append("same country, other region (no coordinates: "), SAME_COUNTRY_KM).append(')');
      return SAME_COUNTRY_KM;
    }
    ReasonText.km(facts.append("other country (no coordinates: "), OTHER_COUNTRY_KM).append(')');
    return OTHER_COUNTRY_KM;
  }
}
