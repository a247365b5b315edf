package io.surge.orders.domain;

import io.surge.common.Address;
import java.time.Instant;
import java.util.List;

/**
 * What staff edit on a draft order: the same facts an order request carries, all optional until
 * the draft is confirmed. Money amounts are minor units; {@code shippingPriceCurrency} and each
 * line's discount currency are what the client sent (checked against the draft's currency).
 *
 * @param customer null when not given yet
 * @param lines one per SKU; never null
 */
public record DraftFields(long channelId, PlaceOrderRequest.Customer customer, Address shippingAddress,
    Address billingAddress, String shippingMethod, String shippingSpeed, Long pickupLocationId, String note,
    List<PlaceOrderRequest.Line> lines, Long shippingPriceMinor, String shippingPriceCurrency, Instant promisedAt) {

  public DraftFields {
    lines = lines == null ? List.of() : List.copyOf(lines);
    shippingSpeed = shippingSpeed == null ? "STANDARD" : shippingSpeed;
  }

  /** A draft on a channel with nothing else in it yet. */
  public static DraftFields empty(long channelId) {
    return new DraftFields(channelId, null, null, null, null, null, null, null, List.of(), null, null, null);
  }

  /**
   * The order request that confirming the draft places (source DRAFT), in {@code currency}; a
   * draft without a customer asks for one with no e-mail, which the placement refuses.
   */
  public PlaceOrderRequest toOrder(String currency, boolean paid) {
    return new PlaceOrderRequest(null, lines, channelId,
        customer == null ? new PlaceOrderRequest.Customer(null, null, null) : customer, shippingAddress,
        billingAddress, shippingMethod, shippingSpeed, pickupLocationId, null, currency, shippingPriceMinor,
        shippingPriceMinor == null ? null : currency, promisedAt, paid, note, null, null, "DRAFT");
  }
}
