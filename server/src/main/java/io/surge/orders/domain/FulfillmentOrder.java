package io.surge.orders.domain;

import java.time.Instant;
import java.util.List;

/** What one location ships for one order. */
public record FulfillmentOrder(long id, long orderId, long locationId, String status, String heldFrom,
    double priority, Instant createdAt, List<FulfillmentOrderLine> lines) {

  public static final String OPEN = "OPEN";
  public static final String IN_PROGRESS = "IN_PROGRESS";
  public static final String SHIPPED = "SHIPPED";
  public static final String CANCELLED = "CANCELLED";
  public static final String ON_HOLD = "ON_HOLD";

  /** Still has units to ship and is not cancelled. */
  public boolean active() {
    return OPEN.equals(status) || IN_PROGRESS.equals(status) || ON_HOLD.equals(status);
  }

  public int remaining() {
    return lines.stream().mapToInt(FulfillmentOrderLine::remaining).sum();
  }
}
