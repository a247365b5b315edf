package io.surge.orders.graphql;

import io.surge.common.Address;
import io.surge.graphql.ApiException;
import io.surge.graphql.Input;
import io.surge.inventory.ReservationService;
import io.surge.money.Money;
import io.surge.orders.domain.PlaceOrderRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Reads the order inputs the SDL shares (PlaceOrderInput, ImportOrderInput, the draft inputs)
 * into domain requests. graphql-java has checked the types; what is refused here (money with
 * too many decimals, absurdly many lines) is BAD_USER_INPUT. Stateless.
 */
final class OrderInputs {
  private OrderInputs() {}

  /** A PlaceOrderInput or ImportOrderInput, placed on {@code channelId} with {@code source}. */
  static PlaceOrderRequest placeRequest(Input input, Long channelId, String source) {
    Input destination = input.object("destination");
    Money shippingPrice = money(input.object("shippingPrice"));
    Boolean paid = input.bool("paid");
    String speed = input.string("shippingSpeed");
    return new PlaceOrderRequest(input.id("reservationId", "Reservation"), lines(input), channelId,
        customer(input.object("customer")), address(input.object("shippingAddress")),
        address(input.object("billingAddress")), input.string("shippingMethod"), speed == null ? "STANDARD" : speed,
        input.id("pickupLocationId", "Location"), input.string("externalReference"), input.string("currencyCode"),
        shippingPrice == null ? null : shippingPrice.minorUnits(),
        shippingPrice == null ? null : shippingPrice.currencyCode(), (Instant) input.raw().get("promisedAt"),
        paid != null && paid, input.string("note"), destination == null ? null : destination.decimal("latitude"),
        destination == null ? null : destination.decimal("longitude"), source);
  }

  /** {@code lines: [OrderLineInput!]}, or null when left out or null. */
  static List<PlaceOrderRequest.Line> lines(Input input) {
    if (input.raw().get("lines") == null) {
      return null;
    }
    List<Input> lineInputs = input.objects("lines");
    if (lineInputs.size() > 10 * ReservationService.MAX_LINES) {
      throw ApiException.badInput("far too many lines");
    }
    return lineInputs.stream().map(line -> {
      Money discount = money(line.object("discount"));
      return new PlaceOrderRequest.Line(line.string("sku"), line.integer("quantity"),
          discount == null ? null : discount.minorUnits(), discount == null ? null : discount.currencyCode());
    }).toList();
  }

  /** A CustomerInput; an absent one reads as a customer with no e-mail, which the rules refuse. */
  static PlaceOrderRequest.Customer customer(Input customer) {
    return customer == null ? new PlaceOrderRequest.Customer(null, null, null)
        : new PlaceOrderRequest.Customer(customer.string("email"), customer.string("name"), customer.string("phone"));
  }

  static Address address(Input address) {
    return address == null ? null : Address.fromInput(address.raw());
  }

  static Money money(Input money) {
    if (money == null) {
      return null;
    }
    try {
      return Money.of((BigDecimal) money.raw().get("amount"), money.string("currencyCode"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput(e.getMessage());
    }
  }
}
