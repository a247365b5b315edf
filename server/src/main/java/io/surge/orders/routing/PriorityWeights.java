package io.surge.orders.routing;

/**
 * How much each component adds to an order's {@link PriorityScore}: order value (per tenfold of
 * the total), customer tier (per step above STANDARD), promised date (times an urgency from 0 to
 * 1) and shipping speed (per step above STANDARD). Immutable.
 */
public record PriorityWeights(double value, double tier, double promise, double speed) {

  public PriorityWeights {
    check("value", value);
    check("tier", tier);
    check("promise", promise);
    check("speed", speed);
  }

  /**
   * A tenfold order value or a tier step is worth 1; a speed step 2, because paid speed is a
   * promise too; an overdue promise 6, more than a VIP (3) or a 1000x larger order, because a
   * broken promise costs more than a slower happy customer.
   */
  public static PriorityWeights defaults() {
    return new PriorityWeights(1.0, 1.0, 6.0, 2.0);
  }

  // A negative weight would ship later the orders the component is meant to hurry.
  private static void check(String name, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(name + " must be a finite, non-negative number, was " + weight);
    }
  }
}
