package io.surge.orders.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PriorityScore")
class PriorityScoreTests {
  private static final Instant NOW = RoutingMother.MONDAY_MORNING;
  private static final long TOTAL = 4_990;
  private static final PriorityWeights WEIGHTS = PriorityWeights.defaults();

  @Test
  @DisplayName("an overdue express order ships before a standard one promised far in the future")
  void overdueExpressBeforeStandardFarFuture() {
    Priority overdueExpress = score(TOTAL, CustomerTier.STANDARD, NOW.minus(Duration.ofHours(2)), ShippingSpeed.EXPRESS);
    Priority farStandard = score(TOTAL, CustomerTier.STANDARD, NOW.plus(Duration.ofDays(30)), ShippingSpeed.STANDARD);

    assertThat(overdueExpress.score()).isGreaterThan(farStandard.score());
  }

  @Test
  @DisplayName("a VIP ships before a STANDARD customer with the same order, and each tier step counts")
  void vipBeforeStandard() {
    double previous = Double.NEGATIVE_INFINITY;
    for (CustomerTier tier : CustomerTier.values()) {
      double score = score(TOTAL, tier, null, ShippingSpeed.STANDARD).score();
      assertThat(score).as(tier.name()).isGreaterThan(previous);
      previous = score;
    }
    assertThat(score(TOTAL, CustomerTier.VIP, null, ShippingSpeed.STANDARD).score())
        .isGreaterThan(score(TOTAL, CustomerTier.STANDARD, null, ShippingSpeed.STANDARD).score());
  }

  @Test
  @DisplayName("faster shipping ships sooner")
  void fasterSpeedFirst() {
    double previous = Double.NEGATIVE_INFINITY;
    for (ShippingSpeed speed : ShippingSpeed.values()) {
      double score = score(TOTAL, CustomerTier.STANDARD, null, speed).score();
      assertThat(score).as(speed.name()).isGreaterThan(previous);
      previous = score;
    }
  }

  @Test
  @DisplayName("value grows sub-linearly: each tenfold adds about one step, so a huge order does not drown a broken promise")
  void valueGrowsSubLinearly() {
    double tenEuros = valueOnly(1_000);
    double hundredEuros = valueOnly(10_000);
    double thousandEuros = valueOnly(100_000);

    assertThat(hundredEuros - tenEuros).isCloseTo(thousandEuros - hundredEuros, within(0.05));
    assertThat(thousandEuros).isLessThan(tenEuros * 4);
    assertThat(valueOnly(0)).isZero();
    Priority huge = score(10_000_000, CustomerTier.STANDARD, null, ShippingSpeed.STANDARD);
    Priority smallOverdue = score(1_000, CustomerTier.STANDARD, NOW.minusSeconds(60), ShippingSpeed.STANDARD);
    assertThat(smallOverdue.score()).isGreaterThan(huge.score());
  }

  @Test
  @DisplayName("urgency grows as the promise approaches and is greatest, and no greater, once overdue")
  void urgencyGrowsTowardsThePromise() {
    double nextWeek = promiseOnly(NOW.plus(Duration.ofDays(7)));
    double tomorrow = promiseOnly(NOW.plus(Duration.ofDays(1)));
    double inAnHour = promiseOnly(NOW.plus(Duration.ofHours(1)));
    double overdueAnHour = promiseOnly(NOW.minus(Duration.ofHours(1)));
    double overdueDays = promiseOnly(NOW.minus(Duration.ofDays(3)));

    assertThat(promiseOnly(null)).isZero();
    assertThat(nextWeek).isPositive().isLessThan(tomorrow);
    assertThat(tomorrow).isLessThan(inAnHour);
    assertThat(inAnHour).isLessThan(overdueAnHour);
    assertThat(overdueAnHour).isEqualTo(overdueDays).isEqualTo(promiseOnly(NOW));
  }

  @Test
  @DisplayName("the explanation lists each component, its figure and why")
  void explanationListsTheComponents() {
    Priority priority = score(9_900, CustomerTier.VIP, NOW.minus(Duration.ofMinutes(150)), ShippingSpeed.EXPRESS);

    assertThat(priority.explanation()).isEqualTo("score 13.0 = value 2.0 (total 99.00) + tier 3.0 (VIP)"
        + " + promise 6.0 (overdue by 2 h) + speed 2.0 (EXPRESS)");
    assertThat(priority.score()).isCloseTo(2.0 + 3 + 6 + 2, within(0.01));
    assertThat(score(0, CustomerTier.STANDARD, NOW.plus(Duration.ofDays(3)), ShippingSpeed.STANDARD).explanation())
        .contains("promise 1.5 (due in 3 days)");
  }

  @Test
  @DisplayName("refuses a negative order total and negative weights")
  void refusesUnusableInput() {
    assertThatThrownBy(() -> score(-1, CustomerTier.STANDARD, null, ShippingSpeed.STANDARD))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PriorityWeights(1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("promise");
  }

  private static Priority score(long totalMinor, CustomerTier tier, Instant promisedAt, ShippingSpeed speed) {
    return PriorityScore.score(totalMinor, tier, promisedAt, speed, NOW, WEIGHTS);
  }

  private static double valueOnly(long totalMinor) {
    return PriorityScore.score(totalMinor, CustomerTier.GOLD, null, ShippingSpeed.SAME_DAY, NOW,
        new PriorityWeights(1, 0, 0, 0)).score();
  }

  private static double promiseOnly(Instant promisedAt) {
    return PriorityScore.score(TOTAL, CustomerTier.GOLD, promisedAt, ShippingSpeed.SAME_DAY, NOW,
        new PriorityWeights(0, 0, 1, 0)).score();
  }
}
