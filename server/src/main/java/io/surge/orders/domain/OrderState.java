package io.surge.orders.domain;

import java.util.List;
import java.util.Optional;

/** An order with its lines and fulfilment orders, as read (locked) at the start of a change. */
public record OrderState(Order order, List<OrderLine> lines, List<FulfillmentOrder> fulfillmentOrders) {

  public Optional<OrderLine> line(int lineNo) {
    return lines.stream().filter(line -> line.lineNo() == lineNo).findFirst();
  }

  public Optional<FulfillmentOrder> fulfillmentOrder(long id) {
    return fulfillmentOrders.stream().filter(fo -> fo.id() == id).findFirst();
  }
}
