package io.surge.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * An amount in one currency, held as integer minor units (cents) so sums never round.
 * Rendered to clients as {@code { amount: "19.99", currencyCode: "EUR" }}.
 */
public record Money(long minorUnits, String currencyCode) {

  /** The amount as a decimal with the currency's usual number of fraction digits. */
  public BigDecimal amount() {
    return BigDecimal.valueOf(minorUnits, fractionDigits(currencyCode));
  }

  /**
   * Money from a decimal amount; refuses amounts with more fraction digits than the currency has
   * (e.g. 1.005 EUR) rather than rounding a price silently.
   */
  public static Money of(BigDecimal amount, String currencyCode) {
    int digits = fractionDigits(currencyCode);
    try {
      BigDecimal scaled = amount.setScale(digits, RoundingMode.UNNECESSARY);
      return new Money(scaled.unscaledValue().longValueExact(), currencyCode);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount " + amount.toPlainString() + " has more than " + digits + " decimals for " + currencyCode);
    }
  }

  public static int fractionDigits(String currencyCode) {
    int digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
    return Math.max(digits, 0);
  }
}
