package io.surge.orders.domain;

import io.surge.common.Address;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An order's header. Money amounts are minor units of {@code currency}.
 *
 * @param heldFrom the status to go back to when an ON_HOLD order is released
 * @param routing the stored routing decision (allocations, candidates, reasons), or null
 */
public record Order(long id, String number, long channelId, OrderStatus status, OrderStatus heldFrom,
    String holdReason, String paymentStatus, Instant payBy, String source, CustomerInfo customer,
    String customerRef, Address shippingAddress, Address billingAddress, String shippingMethod,
    String shippingSpeed, Long pickupLocationId, String externalReference, String note, String currency,
    long subtotal, long discount, long shipping, long tax, long total, Instant promisedAt, double priority,
    String priorityExplained, JsonObject routing, Long reservationId, Instant placedAt, Instant createdAt,
    Instant updatedAt) {}
