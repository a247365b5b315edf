package io.surge.orders.domain;

/** How the orders list is sorted; ties and cursors always use the order id. */
public enum OrderSort {
  PLACED_AT, NUMBER, TOTAL, PRIORITY
}
