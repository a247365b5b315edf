package io.surge.orders.routing;

/**
 * Number wording shared by the routing reasons. Plain {@link StringBuilder} appends rather than
 * {@code String.format}: every candidate gets a reason, so this runs once per location per order.
 */
final class ReasonText {
  private ReasonText() {}

  /** Whole kilometres: routing distances are estimates, decimals would be noise. */
  static StringBuilder km(StringBuilder out, double km) {
    return out.append(Math.round(km)).append(" km");
  }

  /**
   * Minor units as an amount with two decimals (the request carries no currency; the common case
   * of cents is assumed).
   */
  static StringBuilder cost(StringBuilder out, long minor) {
    if (minor < 0) {
      out.append('-');
    }
    long abs = Math.abs(minor);
    long cents = abs % 100;
    return out.append(abs / 100).append('.').append(cents < 10 ? "0" : "").append(cents);
  }

  /** One decimal, enough to compare scores by eye. */
  static StringBuilder score(StringBuilder out, double score) {
    if (Double.isNaN(score) || Double.isInfinite(score)) {
      return out.append(score);
    }
    long tenths = Math.round(score * 10);
    if (tenths < 0) {
      out.append('-');
      tenths = -tenths;
    }
    return out.append(tenths / 10).append('.').append(tenths % 10);
  }

  static String score(double score) {
    return score(new StringBuilder(8), score).toString();
  }
}
