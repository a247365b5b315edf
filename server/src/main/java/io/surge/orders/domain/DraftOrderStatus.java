package io.surge.orders.domain;

/** Where a staff draft order is: still being put together, or confirmed into an order. */
public enum DraftOrderStatus {
  OPEN, COMPLETED
}
