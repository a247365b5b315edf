package io.surge.orders.graphql;

import io.surge.common.Address;
import io.surge.money.Money;
import io.surge.orders.domain.CustomerInfo;
import io.surge.orders.domain.DraftFields;
import io.surge.orders.domain.DraftOrderStatus;
import io.surge.orders.domain.PricedDraft;
import java.time.Instant;
import java.util.List;

/**
 * A priced draft order in the shape of the SDL's {@code DraftOrder}: the record accessors serve
 * every field but {@code channel}, {@code pickupLocation} and {@code order}, which
 * {@link DraftOrdersWiring} loads.
 */
public record DraftOrderView(long id, DraftOrderStatus status, long channelId, CustomerInfo customer,
    Address shippingAddress, Address billingAddress, String shippingMethod, String shippingSpeed,
    Long pickupLocationId, String note, String currencyCode, List<Line> lines, Money subtotal, Money discounts,
    Money shippingPrice, Instant promisedAt, Long orderId, Instant createdAt, Instant updatedAt,
    Instant completedAt) {

  /** A {@code DraftOrderLine}; {@code variant} is loaded by {@code variantId}. */
  public record Line(String sku, String title, Long variantId, int quantity, Money unitPrice, Money discount,
      Money total, boolean onSale) {}

  static DraftOrderView of(PricedDraft priced) {
    var draft = priced.draft();
    DraftFields fields = draft.fields();
    String currency = draft.currency();
    List<Line> lines = priced.lines().stream().map(line -> new Line(line.sku(), line.title(), line.variantId(),
        line.quantity(), money(line.unitPrice(), currency), new Money(line.discount(), currency),
        money(line.total(), currency), line.onSale())).toList();
    CustomerInfo customer = fields.customer() == null ? null : new CustomerInfo(fields.customer().email(),
        fields.customer().name(), fields.customer().phone(), draft.customerTier());
    return new DraftOrderView(draft.id(), draft.status(), fields.channelId(), customer, fields.shippingAddress(),
        fields.billingAddress(), fields.shippingMethod(), fields.shippingSpeed(), fields.pickupLocationId(),
        fields.note(), currency, lines, new Money(priced.subtotal(), currency), new Money(priced.discounts(), currency),
        money(fields.shippingPriceMinor(), currency), fields.promisedAt(), draft.orderId(), draft.createdAt(),
        draft.updatedAt(), draft.completedAt());
  }

  private static Money money(Long minor, String currency) {
    return minor == null ? null : new Money(minor, currency);
  }
}
