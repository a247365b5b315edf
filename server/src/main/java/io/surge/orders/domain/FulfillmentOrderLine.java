package io.surge.orders.domain;

/** Units of one order line routed to one fulfilment order's location. */
public record FulfillmentOrderLine(long fulfillmentOrderId, int lineNo, long variantId, String sku, int quantity,
    int shipped, int cancelled) {

  /** Allocated here and not shipped or cancelled. */
  public int remaining() {
    return quantity - shipped - cancelled;
  }
}
