package io.surge.orders.domain;

import io.surge.common.Address;
import java.time.Instant;
import java.util.List;

/** What a client asked to place; checked by the placement, never trusted. */
public record PlaceOrderRequest(Long reservationId, List<Line> lines, Long channelId, Customer customer,
    Address shippingAddress, Address billingAddress, String shippingMethod, String shippingSpeed,
    Long pickupLocationId, String externalReference, String currencyCode, Long shippingPriceMinor,
    String shippingPriceCurrency, Instant promisedAt, boolean paid, String note, Double latitude,
    Double longitude, String source) {

  /** A line; {@code discountMinor} is a discount on the whole line, in the order's currency. */
  public record Line(String sku, int quantity, Long discountMinor, String discountCurrency) {}

  public record Customer(String email, String name, String phone) {}
}
