package io.surge.inventory.domain;

/**
 * The record of one pool, as PostgreSQL holds it. Available to sell is what is on hand and not
 * promised (allocated to orders or reserved) nor kept back as safety stock; never below zero.
 */
public record StockLevel(long variantId, long locationId, int onHand, int allocated, int reserved,
    int safetyStock, int incoming) {

  public int available() {
    return Math.max(0, sellable());
  }

  /** What the hot store holds as "available": may be negative when safety stock exceeds the rest. */
  public int sellable() {
    return onHand - allocated - reserved - safetyStock;
  }

  public Pool pool() {
    return new Pool(variantId, locationId);
  }
}
