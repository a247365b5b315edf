package io.surge.orders.domain;

import java.time.Instant;
import java.util.List;

public record Shipment(long id, long orderId, long fulfillmentOrderId, long locationId, String carrier,
    String service, String trackingNumber, String status, Instant shippedAt, Instant deliveredAt,
    List<ShipmentLine> lines) {}
