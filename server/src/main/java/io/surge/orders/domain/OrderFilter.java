package io.surge.orders.domain;

import java.time.Instant;
import java.util.List;

/** The filter of the orders list; null parts do not filter. */
public record OrderFilter(List<OrderStatus> statuses, Long channelId, Instant placedAfter, Instant placedBefore,
    String customerEmail, String sku, Long locationId) {

  public static final OrderFilter NONE = new OrderFilter(null, null, null, null, null, null, null);
}
