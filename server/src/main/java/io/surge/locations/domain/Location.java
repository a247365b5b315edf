package io.surge.locations.domain;

import io.surge.common.Address;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;

/**
 * A place that holds stock: a warehouse, a store or a drop-shipper, with the facts order routing
 * weighs it by.
 *
 * @param latitude null when unknown (routing then matches by country and region)
 * @param dailyCapacity fulfilment orders it can take a day; null when unlimited
 * @param cutoffTime when the day's last pick-up leaves, local time in {@code timeZone}; null when none
 * @param timeZone the IANA zone of the cut-off, e.g. {@code Europe/Berlin}
 * @param shippingCostMinor the estimated cost of one shipment from here, in hundredths (see
 *     {@link #shippingCost()})
 */
public record Location(long id, String code, String name, LocationKind kind, Address address,
    Double latitude, Double longitude, boolean ships, boolean pickup, boolean active,
    Integer dailyCapacity, LocalTime cutoffTime, String timeZone, long shippingCostMinor,
    Instant createdAt, Instant updatedAt) {

  /**
   * Decimals of a shipping cost. A location has no currency (it may serve channels in several);
   * routing reads the cost in the currency of the channel it routes for, in hundredths as it does
   * an order's total.
   */
  public static final int COST_DECIMALS = 2;

  /** The shipping cost as an amount, e.g. 4.90. */
  public BigDecimal shippingCost() {
    return BigDecimal.valueOf(shippingCostMinor, COST_DECIMALS);
  }
}
