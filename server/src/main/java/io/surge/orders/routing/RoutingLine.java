package io.surge.orders.routing;

/** One order line to route: units of one variant. Immutable. */
public record RoutingLine(int lineNo, long variantId, String sku, int quantity) {

  public RoutingLine {
    // A line of no units cannot be allocated and would read as "routed" while nothing ships.
    if (quantity <= 0) {
      throw new IllegalArgumentException("line " + lineNo + " quantity must be positive, was " + quantity);
    }
  }
}
