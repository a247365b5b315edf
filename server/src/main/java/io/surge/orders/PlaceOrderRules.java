package io.surge.orders;

import io.surge.common.Address;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.inventory.ReservationService;
import io.surge.orders.domain.PlaceOrderRequest;
import io.surge.orders.persistence.PgOrderDirectory.OrderVariant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules an order request must meet before anything is looked up or reserved, and the price
 * rules of one line against the catalogue. Shared by placement, import and staff drafts, so an
 * order is refused for the same reasons whichever way it enters. Stateless.
 */
final class PlaceOrderRules {
  static final int MAX_LINES = ReservationService.MAX_LINES;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private PlaceOrderRules() {}

  /** Everything placing {@code request} would refuse for its shape alone. */
  static Validation shape(PlaceOrderRequest request) {
    Validation validation = new Validation();
    boolean hasLines = request.lines() != null && !request.lines().isEmpty();
    validation.check(request.reservationId() != null || hasLines, "REQUIRED",
        "give a reservationId or lines", "input", "lines");
    lines(validation, request.lines());
    customer(validation, request.customer());
    if (request.pickupLocationId() == null) {
      validation.check(request.shippingAddress() != null, "REQUIRED", "give a shipping address, or a pickupLocationId",
          "input", "shippingAddress");
    }
    details(validation, request.shippingAddress(), request.billingAddress(), request.shippingMethod(), request.note(),
        request.shippingPriceMinor());
    validation.optionalText(request.externalReference(), 200, "input", "externalReference");
    validation.check((request.latitude() == null) == (request.longitude() == null), "INVALID",
        "give both latitude and longitude", "input", "destination");
    return validation;
  }

  /** At most {@link #MAX_LINES} lines, one per SKU, each with 1 to the most units a reservation takes. */
  static void lines(Validation validation, List<PlaceOrderRequest.Line> lines) {
    if (lines == null || lines.isEmpty()) {
      return;
    }
    validation.check(lines.size() <= MAX_LINES, "LIMIT_EXCEEDED", "at most " + MAX_LINES + " lines per order",
        "input", "lines");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < Math.min(lines.size(), MAX_LINES); i++) {
      PlaceOrderRequest.Line line = lines.get(i);
      String[] path = {"input", "lines", Integer.toString(i)};
      validation.text(line.sku(), 200, Validation.at(path, "sku"));
      validation.check(line.quantity() > 0 && line.quantity() <= ReservationService.MAX_QUANTITY, "INVALID",
          "quantity must be between 1 and " + ReservationService.MAX_QUANTITY, Validation.at(path, "quantity"));
      validation.check(line.sku() == null || seen.add(line.sku()), "INVALID",
          "SKU listed twice: give one line per SKU", Validation.at(path, "sku"));
      validation.check(line.discountMinor() == null || line.discountMinor() >= 0, "INVALID",
          "a discount cannot be negative", Validation.at(path, "discount"));
    }
  }

  static void customer(Validation validation, PlaceOrderRequest.Customer customer) {
    validation.text(customer.email(), 254, "input", "customer", "email");
    validation.check(customer.email() == null || EMAIL.matcher(customer.email()).matches(), "INVALID",
        "not an e-mail address", "input", "customer", "email");
    validation.optionalText(customer.name(), 200, "input", "customer", "name");
    validation.optionalText(customer.phone(), 40, "input", "customer", "phone");
  }

  /** The optional parts: addresses when given, text lengths, a shipping price that is not negative. */
  static void details(Validation validation, Address shipping, Address billing, String shippingMethod, String note,
      Long shippingPriceMinor) {
    if (shipping != null) {
      shipping.validate(validation, "input", "shippingAddress");
    }
    if (billing != null) {
      billing.validate(validation, "input", "billingAddress");
    }
    validation.optionalText(shippingMethod, 100, "input", "shippingMethod");
    validation.optionalText(note, 2000, "input", "note");
    validation.check(shippingPriceMinor == null || shippingPriceMinor >= 0, "INVALID",
        "the shipping price cannot be negative", "input", "shippingPrice");
  }

  /**
   * Why a line cannot be sold as asked, or null: the variant must exist, be on sale and have a
   * price in {@code currency}; a discount must be in that currency and at most the line's price.
   */
  static UserError lineRefusal(String sku, int quantity, PlaceOrderRequest.Line line, OrderVariant variant,
      String currency) {
    if (variant == null || !variant.active()) {
      return UserError.of("NOT_ON_SALE", sku + " is not on sale", "input", "lines");
    }
    if (variant.priceMinor() == null) {
      return UserError.invalid(sku + " has no price in " + currency, "input", "currencyCode");
    }
    if (line != null && line.discountCurrency() != null && !line.discountCurrency().equals(currency)) {
      return UserError.invalid("discounts must be in " + currency, "input", "lines");
    }
    long gross = Math.multiplyExact(variant.priceMinor(), (long) quantity);
    long discount = line == null || line.discountMinor() == null ? 0 : line.discountMinor();
    if (discount < 0 || discount > gross) {
      return UserError.invalid("a discount must be between 0 and the line's price", "input", "lines");
    }
    return null;
  }
}
