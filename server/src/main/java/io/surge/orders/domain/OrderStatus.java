package io.surge.orders.domain;

/** Where an order is in its lifecycle; which changes are allowed is data ({@link Transitions}). */
public enum OrderStatus {
  PENDING, CONFIRMED, IN_FULFILLMENT, PARTIALLY_SHIPPED, SHIPPED, DELIVERED, COMPLETED, ON_HOLD, CANCELLED;

  /** States in which units may still be cancelled or shipped. */
  public boolean open() {
    return this == PENDING || this == CONFIRMED || this == IN_FULFILLMENT || this == PARTIALLY_SHIPPED;
  }
}
