package io.surge.orders.routing;

/**
 * How much each fact adds to a location's score (lower is better). Distance and cost are per
 * unit; the penalties are flat. {@code splitPenalty} is added once per extra shipment when an
 * order must be split; it is reported in the decision's reasons (the policy already prefers a
 * location that has everything). Immutable.
 */
public record RoutingWeights(double distancePerKm, double shippingCostPerMinorUnit, double capacityFullPenalty,
    double pastCutoffPenalty, double splitPenalty) {

  public RoutingWeights {
    check("distancePerKm", distancePerKm);
    check("shippingCostPerMinorUnit", shippingCostPerMinorUnit);
    check("capacityFullPenalty", capacityFullPenalty);
    check("pastCutoffPenalty", pastCutoffPenalty);
    check("splitPenalty", splitPenalty);
  }

  /**
   * One point per km; a euro of shipping (100 minor units) weighs as much as 10 km; a full
   * location (1000) loses to almost any location with room in the same country; missing today's
   * cut-off (300) costs about a day's drive; a split (50) about one more parcel's postage.
   */
  public static RoutingWeights defaults() {
    return new RoutingWeights(1.0, 0.1, 1000.0, 300.0, 50.0);
  }

  // A negative weight would reward the fact it is meant to penalise.
  private static void check(String name, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(name + " must be a finite, non-negative number, was " + weight);
    }
  }
}
