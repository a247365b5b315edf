package io.surge.orders.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which order ships first: a weighted sum of four components, higher first.
 * <ul>
 *   <li>value: log10(1 + total in major units), so a 10x larger order gains a constant step
 *       instead of drowning every other component;</li>
 *   <li>tier: STANDARD 0, SILVER 1, GOLD 2, VIP 3;</li>
 *   <li>promise: urgency 1 / (1 + hours left / 24), so 0.5 a day out and rising as the promise
 *       approaches; 1, the maximum, once it is due or overdue; 0 with no promised date;</li>
 *   <li>speed: STANDARD 0, EXPRESS 1, NEXT_DAY 2, SAME_DAY 3.</li>
 * </ul>
 * Pure and stateless.
 */
public final class PriorityScore {
  // A promise a day out is half as urgent as one due now: same-day work still outranks next week.
  private static final double URGENCY_HALF_AT_HOURS = 24.0;

  private PriorityScore() {}

  /**
   * Scores one order; {@code promisedAt} may be null. Major units assume two decimals (cents),
   * the request carries no currency.
   */
  public static Priority score(long orderTotalMinor, CustomerTier tier, Instant promisedAt, ShippingSpeed speed,
      Instant now, PriorityWeights weights) {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(speed, "speed");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(weights, "weights");
    if (orderTotalMinor < 0) {
      throw new IllegalArgumentException("order total must not be negative, was " + orderTotalMinor);
    }
    double value = weights.value() * Math.log10(1 + orderTotalMinor / 100.0);
    double tierPart = weights.tier() * tier.ordinal();
    double promise = weights.promise() * urgency(promisedAt, now);
    double speedPart = weights.speed() * speed.ordinal();
    double score = value + tierPart + promise + speedPart;

    StringBuilder explanation = new StringBuilder(128);
    ReasonText.score(explanation.append("score "), score);
    ReasonText.score(explanation.append(" = value "), value).append(" (total ");
    ReasonText.cost(explanation, orderTotalMinor).append(')');
    ReasonText.score(explanation.append(" + tier "), tierPart).append(" (").append(tier).append(')');
    ReasonText.score(explanation.append(" + promise "), promise).append(" (").append(promised(promisedAt, now))
        .append(')');
    ReasonText.score(explanation.append(" + speed "), speedPart).append(" (").append(speed).append(')');
    return new Priority(score, explanation.toString());
  }

  /** 0 without a promise, rising towards 1 as it approaches, 1 once due. */
  static double urgency(Instant promisedAt, Instant now) {
    if (promisedAt == null) {
      return 0;
    }
    double hoursLeft = Duration.between(now, promisedAt).toMillis() / 3_600_000.0;
    if (hoursLeft <= 0) {
      return 1;
    }
    return 1 / (1 + hoursLeft / URGENCY_HALF_AT_HOURS);
  }

  private static String promised(Instant promisedAt, Instant now) {
    if (promisedAt == null) {
      return "no promised date";
    }
    long minutes = Duration.between(now, promisedAt).toMinutes();
    if (minutes == 0) {
      return "due now";
    }
    if (minutes < 0) {
      return "overdue by " + duration(-minutes);
    }
    return "due in " + duration(minutes);
  }

  private static String duration(long minutes) {
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 48 * 60) {
      return minutes / 60 + " h";
    }
    return minutes / (24 * 60) + " days";
  }
}
