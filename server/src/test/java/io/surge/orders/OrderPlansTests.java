package io.surge.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.common.Outcome;
import io.surge.orders.domain.ChangeSet;
import io.surge.orders.domain.CustomerInfo;
import io.surge.orders.domain.FulfillmentOrder;
import io.surge.orders.domain.FulfillmentOrderLine;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.OrderLine;
import io.surge.orders.domain.OrderPlans;
import io.surge.orders.domain.OrderState;
import io.surge.orders.domain.OrderStatus;
import io.surge.orders.domain.Transitions;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The order operations as pure plans: quantities stay consistent, statuses follow, refusals say why. */
@DisplayName("Order plans")
class OrderPlansTests {
  private static final OrderPlans PLANS = new OrderPlans(transitions());

  /** The same transitions as migration V004. */
  private static Transitions transitions() {
    Map<OrderStatus, Set<OrderStatus>> allowed = new EnumMap<>(OrderStatus.class);
    allowed.put(OrderStatus.PENDING, EnumSet.of(OrderStatus.CONFIRMED, OrderStatus.ON_HOLD, OrderStatus.CANCELLED));
    allowed.put(OrderStatus.CONFIRMED, EnumSet.of(OrderStatus.IN_FULFILLMENT, OrderStatus.PARTIALLY_SHIPPED,
        OrderStatus.SHIPPED, OrderStatus.ON_HOLD, OrderStatus.CANCELLED));
    allowed.put(OrderStatus.IN_FULFILLMENT, EnumSet.of(OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED,
        OrderStatus.ON_HOLD, OrderStatus.CANCELLED));
    allowed.put(OrderStatus.PARTIALLY_SHIPPED, EnumSet.of(OrderStatus.SHIPPED, OrderStatus.ON_HOLD));
    allowed.put(OrderStatus.SHIPPED, EnumSet.of(OrderStatus.DELIVERED));
    allowed.put(OrderStatus.DELIVERED, EnumSet.of(OrderStatus.COMPLETED));
    allowed.put(OrderStatus.ON_HOLD, EnumSet.of(OrderStatus.PENDING, OrderStatus.CONFIRMED,
        OrderStatus.IN_FULFILLMENT, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.CANCELLED));
    return new Transitions(allowed);
  }

  /** Order 1: line 1 of 5 units, 3 at location 10 and 2 at location 20. */
  private static OrderState order(OrderStatus status, OrderStatus heldFrom) {
    Order order = new Order(1, "10001", 7, status, heldFrom, heldFrom == null ? null : "check", "PAID", null,
        "CHECKOUT", new CustomerInfo("a@b.c", null, null, "STANDARD"), null, null, null, null, "STANDARD", null,
        null, null, "EUR", 5000, 0, 0, 0, 5000, null, 1.0, null, null, null, Instant.EPOCH, Instant.EPOCH,
        Instant.EPOCH);
    OrderLine line = new OrderLine(1, 1, 100, "SKU", "Thing", "EUR", 1000, 0, BigDecimal.ZERO, 0, 5000, 5, 5, 0, 0, 0);
    FulfillmentOrder first = new FulfillmentOrder(11, 1, 10, "OPEN", null, 1.0, Instant.EPOCH,
        List.of(new FulfillmentOrderLine(11, 1, 100, "SKU", 3, 0, 0)));
    FulfillmentOrder second = new FulfillmentOrder(12, 1, 20, "OPEN", null, 1.0, Instant.EPOCH,
        List.of(new FulfillmentOrderLine(12, 1, 100, "SKU", 2, 0, 0)));
    return new OrderState(order, List.of(line), List.of(first, second));
  }

  @Test
  @DisplayName("cancelling 3 of 5 takes the last fulfilment order's units first and deallocates each location")
  void partialCancel() {
    Outcome<ChangeSet> plan = PLANS.cancel(order(OrderStatus.CONFIRMED, null), Map.of(1, 3), "staff", null);
    assertThat(plan.isOk()).isTrue();
    ChangeSet change = plan.value();
    assertThat(change.lines().get(0).allocated()).isEqualTo(2);
    assertThat(change.lines().get(0).cancelled()).isEqualTo(3);
    assertThat(change.to()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(change.stock()).extracting(ChangeSet.StockDelta::locationId, ChangeSet.StockDelta::allocated)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(20L, -2), org.assertj.core.groups.Tuple.tuple(10L, -1));
    assertThat(change.fulfillmentStatuses().get(12L).status()).isEqualTo("CANCELLED");
    assertThat(change.fulfillmentStatuses()).doesNotContainKey(11L);
  }

  @Test
  @DisplayName("cancelling more than is left is refused and changes nothing")
  void cancelTooMuch() {
    Outcome<ChangeSet> plan = PLANS.cancel(order(OrderStatus.CONFIRMED, null), Map.of(1, 6), "staff", null);
    assertThat(plan.isOk()).isFalse();
    assertThat(plan.errors().get(0).code()).isEqualTo("INVALID");
  }

  @Test
  @DisplayName("cancelling part of an order on hold keeps it on hold; cancelling all ends it")
  void cancelOnHold() {
    ChangeSet part = PLANS.cancel(order(OrderStatus.ON_HOLD, OrderStatus.CONFIRMED), Map.of(1, 1), "staff", null).value();
    assertThat(part.to()).isEqualTo(OrderStatus.ON_HOLD);
    assertThat(part.heldFrom()).isEqualTo(OrderStatus.CONFIRMED);
    ChangeSet all = PLANS.cancel(order(OrderStatus.ON_HOLD, OrderStatus.CONFIRMED), null, "staff", null).value();
    assertThat(all.to()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(all.heldFrom()).isNull();
  }

  @Test
  @DisplayName("shipping one location's units partly ships the order; on hand and allocated fall together")
  void shipOneLocation() {
    ChangeSet change = PLANS.ship(order(OrderStatus.CONFIRMED, null), 11, null, "staff").value();
    assertThat(change.to()).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
    assertThat(change.lines().get(0).shipped()).isEqualTo(3);
    assertThat(change.lines().get(0).allocated()).isEqualTo(2);
    assertThat(change.stock()).singleElement().satisfies(delta -> {
      assertThat(delta.onHand()).isEqualTo(-3);
      assertThat(delta.allocated()).isEqualTo(-3);
      assertThat(delta.sellable()).isZero();
    });
    assertThat(change.fulfillmentStatuses().get(11L).status()).isEqualTo("SHIPPED");
  }

  @Test
  @DisplayName("nothing ships while the order is on hold or unpaid")
  void shipRefusals() {
    assertThat(PLANS.ship(order(OrderStatus.ON_HOLD, OrderStatus.CONFIRMED), 11, null, "s").errors().get(0).code())
        .isEqualTo("INVALID_STATE");
    assertThat(PLANS.ship(order(OrderStatus.PENDING, null), 11, null, "s").errors().get(0).message()).contains("not paid");
    assertThat(PLANS.ship(order(OrderStatus.CONFIRMED, null), 11, Map.of(1, 4), "s").errors().get(0).code())
        .isEqualTo("INVALID");
  }

  @Test
  @DisplayName("the status follows the quantities")
  void derive() {
    OrderLine line = order(OrderStatus.CONFIRMED, null).lines().get(0);
    assertThat(OrderPlans.derive(OrderStatus.CONFIRMED, List.of(line))).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(OrderPlans.derive(OrderStatus.CONFIRMED, List.of(line.withQuantities(3, 2, 0, 0))))
        .isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
    assertThat(OrderPlans.derive(OrderStatus.CONFIRMED, List.of(line.withQuantities(0, 3, 0, 2))))
        .isEqualTo(OrderStatus.SHIPPED);
    assertThat(OrderPlans.derive(OrderStatus.CONFIRMED, List.of(line.withQuantities(0, 3, 3, 2))))
        .isEqualTo(OrderStatus.DELIVERED);
    assertThat(OrderPlans.derive(OrderStatus.CONFIRMED, List.of(line.withQuantities(0, 0, 0, 5))))
        .isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  @DisplayName("re-routing moves the units still to ship and closes the source")
  void reroute() {
    ChangeSet change = PLANS.reroute(order(OrderStatus.CONFIRMED, null), 12, 30, "staff", "flood").value();
    assertThat(change.added()).singleElement().satisfies(added -> {
      assertThat(added.locationId()).isEqualTo(30);
      assertThat(added.quantity()).isEqualTo(2);
    });
    assertThat(change.stock()).extracting(ChangeSet.StockDelta::sellable).containsExactlyInAnyOrder(2, -2);
    assertThat(change.fulfillmentStatuses().get(12L).status()).isEqualTo("CANCELLED");
    assertThat(PLANS.reroute(order(OrderStatus.CONFIRMED, null), 12, 20, "s", null).errors().get(0).code())
        .isEqualTo("INVALID");
  }
}
