package io.surge.orders.domain;

import java.math.BigDecimal;

/**
 * One SKU of an order and where its units are: every ordered unit is not yet allocated,
 * allocated, shipped or cancelled; delivered units are shipped ones that arrived.
 */
public record OrderLine(long orderId, int lineNo, long variantId, String sku, String title, String currency,
    long unitPrice, long discount, BigDecimal taxRatePercent, long tax, long total, int ordered, int allocated,
    int shipped, int delivered, int cancelled) {

  /** Units that can still be cancelled: allocated or not yet allocated, not shipped. */
  public int cancellable() {
    return ordered - shipped - cancelled;
  }

  public OrderLine withQuantities(int allocated, int shipped, int delivered, int cancelled) {
    return new OrderLine(orderId, lineNo, variantId, sku, title, currency, unitPrice, discount, taxRatePercent,
        tax, total, ordered, allocated, shipped, delivered, cancelled);
  }
}
