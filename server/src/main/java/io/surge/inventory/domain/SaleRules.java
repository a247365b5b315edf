package io.surge.inventory.domain;

import java.time.Instant;

/**
 * Flash-sale controls of a variant, with those of its campaigns folded in (the strictest wins):
 * at most so many units per reservation and per customer, and a window outside which it is not
 * on sale. Null means no rule.
 */
public record SaleRules(Integer maxPerReservation, Integer maxPerCustomer, Instant startsAt,
    Instant endsAt) {

  public static final SaleRules NONE = new SaleRules(null, null, null, null);

  /** Both sets of rules at once: the lower limits, the later start, the earlier end. */
  public SaleRules strictest(SaleRules other) {
    return new SaleRules(min(maxPerReservation, other.maxPerReservation),
        min(maxPerCustomer, other.maxPerCustomer),
        later(startsAt, other.startsAt), earlier(endsAt, other.endsAt));
  }

  public boolean onSaleAt(Instant now) {
    return (startsAt == null || !now.isBefore(startsAt)) && (endsAt == null || now.isBefore(endsAt));
  }

  private static Integer min(Integer a, Integer b) {
    return a == null ? b : b == null ? a : Integer.valueOf(Math.min(a, b));
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }
}
