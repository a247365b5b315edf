package io.surge.orders.domain;

import java.util.List;

/**
 * A draft order with its lines priced from the catalogue as it is now. Amounts are minor units of
 * the draft's currency; a line whose variant has no price in it has a null unit price and counts
 * nothing toward the sums.
 */
public record PricedDraft(DraftOrder draft, List<Line> lines) {

  /**
   * One draft line and what the catalogue says of its SKU now.
   *
   * @param title null when the SKU is not in the catalogue
   * @param variantId null when the SKU is not in the catalogue
   * @param onSale whether the variant is active and has a price: confirming needs it
   */
  public record Line(String sku, String title, Long variantId, int quantity, Long unitPrice, long discount,
      boolean onSale) {

    /** Unit price times quantity, less the discount; null without a price. */
    public Long total() {
      return unitPrice == null ? null : Math.multiplyExact(unitPrice, (long) quantity) - discount;
    }
  }

  /** The priced lines' unit prices times quantities, before discounts. */
  public long subtotal() {
    long sum = 0;
    for (Line line : lines) {
      sum += line.unitPrice() == null ? 0 : Math.multiplyExact(line.unitPrice(), (long) line.quantity());
    }
    return sum;
  }

  /** The priced lines' discounts. */
  public long discounts() {
    long sum = 0;
    for (Line line : lines) {
      sum += line.unitPrice() == null ? 0 : line.discount();
    }
    return sum;
  }
}
