package io.surge.orders.domain;

import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.orders.domain.ChangeSet.AddedUnits;
import io.surge.orders.domain.ChangeSet.FulfillmentStatus;
import io.surge.orders.domain.ChangeSet.StockDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order operations as pure functions from the locked state to a {@link ChangeSet}: what to
 * cancel where, what a shipment takes, which status follows. Quantities stay consistent because
 * every unit moves between exactly two buckets; the database CHECKs are the second line.
 */
public final class OrderPlans {
  private final Transitions transitions;

  public OrderPlans(Transitions transitions) {
    this.transitions = transitions;
  }

  public Transitions transitions() {
    return transitions;
  }

  /**
   * The status the quantities call for: all cancelled, all shipped (delivered or not), some
   * shipped, or else {@code base}.
   */
  public static OrderStatus derive(OrderStatus base, List<OrderLine> lines) {
    int ordered = 0;
    int cancelled = 0;
    int shipped = 0;
    int delivered = 0;
    for (OrderLine line : lines) {
      ordered += line.ordered();
      cancelled += line.cancelled();
      shipped += line.shipped();
      delivered += line.delivered();
    }
    if (cancelled == ordered) {
      return OrderStatus.CANCELLED;
    }
    if (shipped + cancelled == ordered) {
      return delivered == shipped ? OrderStatus.DELIVERED : OrderStatus.SHIPPED;
    }
    if (shipped > 0) {
      return OrderStatus.PARTIALLY_SHIPPED;
    }
    return base;
  }

  /**
   * Cancels {@code quantities} (line number to units), or everything not yet shipped when null.
   * Units not yet allocated go first, then allocated ones, from the last fulfilment order back.
   */
  public Outcome<ChangeSet> cancel(OrderState state, Map<Integer, Integer> quantities, String actor, String reason) {
    Order order = state.order();
    OrderStatus status = order.status();
    if (!(status.open() || status == OrderStatus.ON_HOLD)) {
      return invalidState("an order that is " + status + " cannot be cancelled");
    }
    Map<Integer, Integer> wanted = new LinkedHashMap<>();
    if (quantities == null) {
      state.lines().forEach(line -> wanted.put(line.lineNo(), line.cancellable()));
    } else {
      for (var entry : quantities.entrySet()) {
        OrderLine line = state.line(entry.getKey()).orElse(null);
        if (line == null) {
          return Outcome.refused(UserError.notFound("no line " + entry.getKey(), "input", "lines"));
        }
        if (entry.getValue() <= 0 || entry.getValue() > line.cancellable()) {
          return Outcome.refused(UserError.invalid("line " + line.lineNo() + ": between 1 and "
              + line.cancellable() + " units can be cancelled", "input", "lines"));
        }
        wanted.put(entry.getKey(), entry.getValue());
      }
    }
    Map<Long, List<FulfillmentOrderLine>> foLines = mutableLines(state);
    List<OrderLine> lines = new ArrayList<>(state.lines());
    List<OrderLine> changedLines = new ArrayList<>();
    Map<String, StockDelta> stock = new LinkedHashMap<>();
    boolean any = false;
    for (int i = 0; i < lines.size(); i++) {
      OrderLine line = lines.get(i);
      int quantity = wanted.getOrDefault(line.lineNo(), 0);
      if (quantity == 0) {
        continue;
      }
      any = true;
      int unallocated = line.ordered() - line.allocated() - line.shipped() - line.cancelled();
      int fromAllocated = quantity - Math.min(quantity, unallocated);
      int left = fromAllocated;
      for (int f = state.fulfillmentOrders().size() - 1; f >= 0 && left > 0; f--) {
        FulfillmentOrder fo = state.fulfillmentOrders().get(f);
        List<FulfillmentOrderLine> own = foLines.get(fo.id());
        for (int j = 0; j < own.size() && left > 0; j++) {
          FulfillmentOrderLine foLine = own.get(j);
          if (foLine.lineNo() != line.lineNo() || foLine.remaining() == 0) {
            continue;
          }
          int take = Math.min(left, foLine.remaining());
          own.set(j, new FulfillmentOrderLine(foLine.fulfillmentOrderId(), foLine.lineNo(), foLine.variantId(),
              foLine.sku(), foLine.quantity(), foLine.shipped(), foLine.cancelled() + take));
          addStock(stock, new StockDelta(line.variantId(), fo.locationId(), 0, -take, "DEALLOCATE", -take));
          left -= take;
        }
      }
      if (left > 0) {
        throw new IllegalStateException("order " + order.id() + " line " + line.lineNo()
            + " has fewer allocated units at its fulfilment orders than on the line");
      }
      OrderLine changed = line.withQuantities(line.allocated() - fromAllocated, line.shipped(), line.delivered(),
          line.cancelled() + quantity);
      lines.set(i, changed);
      changedLines.add(changed);
    }
    if (!any) {
      return Outcome.refused(UserError.of("INVALID_STATE", "nothing left to cancel", "input", "orderId"));
    }
    OrderStatus base = status == OrderStatus.ON_HOLD ? order.heldFrom() : status;
    OrderStatus derived = derive(base, lines);
    OrderStatus to = status == OrderStatus.ON_HOLD && derived != OrderStatus.CANCELLED ? OrderStatus.ON_HOLD : derived;
    OrderStatus heldFrom = to == OrderStatus.ON_HOLD ? derived : null;
    if (!transitions.allows(status, to)) {
      return invalidState("cancelling would move the order from " + status + " to " + to + ", which is not allowed");
    }
    return Outcome.ok(new ChangeSet(order.id(), status, to, heldFrom, to == OrderStatus.ON_HOLD ? order.holdReason() : null,
        order.paymentStatus(), changedLines, changedFoLines(state, foLines), foStatuses(state, foLines, to),
        List.of(), List.copyOf(stock.values()), actor, reason == null ? "cancelled" : reason, true));
  }

  /** Ships {@code quantities} (line number to units) of one fulfilment order, or all it has left when null. */
  public Outcome<ChangeSet> ship(OrderState state, long fulfillmentOrderId, Map<Integer, Integer> quantities,
      String actor) {
    Order order = state.order();
    OrderStatus status = order.status();
    if (status == OrderStatus.PENDING) {
      return invalidState("the order is not paid yet");
    }
    if (!(status == OrderStatus.CONFIRMED || status == OrderStatus.IN_FULFILLMENT
        || status == OrderStatus.PARTIALLY_SHIPPED)) {
      return invalidState("an order that is " + status + " cannot ship");
    }
    FulfillmentOrder fo = state.fulfillmentOrder(fulfillmentOrderId).orElseThrow();
    if (!(FulfillmentOrder.OPEN.equals(fo.status()) || FulfillmentOrder.IN_PROGRESS.equals(fo.status()))) {
      return invalidState("the fulfilment order is " + fo.status());
    }
    Map<Long, List<FulfillmentOrderLine>> foLines = mutableLines(state);
    List<FulfillmentOrderLine> own = foLines.get(fo.id());
    Map<Integer, Integer> wanted = new LinkedHashMap<>();
    if (quantities == null) {
      own.forEach(line -> {
        if (line.remaining() > 0) {
          wanted.put(line.lineNo(), line.remaining());
        }
      });
    } else {
      for (var entry : quantities.entrySet()) {
        FulfillmentOrderLine line = own.stream().filter(l -> l.lineNo() == entry.getKey()).findFirst().orElse(null);
        if (line == null) {
          return Outcome.refused(UserError.notFound("line " + entry.getKey() + " is not on this fulfilment order",
              "input", "lines"));
        }
        if (entry.getValue() <= 0 || entry.getValue() > line.remaining()) {
          return Outcome.refused(UserError.invalid("line " + line.lineNo() + ": between 1 and " + line.remaining()
              + " units can ship from here", "input", "lines"));
        }
        wanted.put(entry.getKey(), entry.getValue());
      }
    }
    if (wanted.isEmpty()) {
      return invalidState("nothing left to ship on this fulfilment order");
    }
    List<OrderLine> lines = new ArrayList<>(state.lines());
    List<OrderLine> changedLines = new ArrayList<>();
    List<StockDelta> stock = new ArrayList<>();
    for (int j = 0; j < own.size(); j++) {
      FulfillmentOrderLine foLine = own.get(j);
      int quantity = wanted.getOrDefault(foLine.lineNo(), 0);
      if (quantity == 0) {
        continue;
      }
      own.set(j, new FulfillmentOrderLine(foLine.fulfillmentOrderId(), foLine.lineNo(), foLine.variantId(),
          foLine.sku(), foLine.quantity(), foLine.shipped() + quantity, foLine.cancelled()));
      for (int i = 0; i < lines.size(); i++) {
        OrderLine line = lines.get(i);
        if (line.lineNo() == foLine.lineNo()) {
          OrderLine changed = line.withQuantities(line.allocated() - quantity, line.shipped() + quantity,
              line.delivered(), line.cancelled());
          lines.set(i, changed);
          changedLines.add(changed);
        }
      }
      stock.add(new StockDelta(foLine.variantId(), fo.locationId(), -quantity, -quantity, "SHIP", -quantity));
    }
    OrderStatus to = derive(status, lines);
    if (!transitions.allows(status, to)) {
      return invalidState("shipping would move the order from " + status + " to " + to + ", which is not allowed");
    }
    return Outcome.ok(new ChangeSet(order.id(), status, to, null, null, order.paymentStatus(), changedLines,
        changedFoLines(state, foLines), foStatuses(state, foLines, to), List.of(), stock, actor,
        "shipment from fulfilment order " + fo.id(), false));
  }

  /** A shipment arrived: its units are delivered. */
  public Outcome<ChangeSet> deliver(OrderState state, Shipment shipment, String actor) {
    Order order = state.order();
    if (!"SHIPPED".equals(shipment.status())) {
      return invalidState("the shipment is " + shipment.status());
    }
    List<OrderLine> lines = new ArrayList<>(state.lines());
    List<OrderLine> changedLines = new ArrayList<>();
    for (ShipmentLine shipped : shipment.lines()) {
      for (int i = 0; i < lines.size(); i++) {
        OrderLine line = lines.get(i);
        if (line.lineNo() == shipped.lineNo()) {
          OrderLine changed = line.withQuantities(line.allocated(), line.shipped(),
              line.delivered() + shipped.quantity(), line.cancelled());
          lines.set(i, changed);
          changedLines.add(changed);
        }
      }
    }
    OrderStatus status = order.status();
    OrderStatus to = status == OrderStatus.ON_HOLD ? status : derive(status, lines);
    if (!transitions.allows(status, to)) {
      to = status;
    }
    return Outcome.ok(new ChangeSet(order.id(), status, to, order.heldFrom(), order.holdReason(),
        order.paymentStatus(), changedLines, List.of(), Map.of(), List.of(), List.of(), actor,
        "shipment " + shipment.id() + " delivered", false));
  }

  /** Puts the order and its active fulfilment orders on hold. */
  public Outcome<ChangeSet> hold(OrderState state, String reason, String actor) {
    Order order = state.order();
    if (!transitions.allows(order.status(), OrderStatus.ON_HOLD) || order.status() == OrderStatus.ON_HOLD) {
      return invalidState("an order that is " + order.status() + " cannot be put on hold");
    }
    Map<Long, FulfillmentStatus> statuses = new LinkedHashMap<>();
    for (FulfillmentOrder fo : state.fulfillmentOrders()) {
      if (FulfillmentOrder.OPEN.equals(fo.status()) || FulfillmentOrder.IN_PROGRESS.equals(fo.status())) {
        statuses.put(fo.id(), new FulfillmentStatus(FulfillmentOrder.ON_HOLD, fo.status()));
      }
    }
    return Outcome.ok(new ChangeSet(order.id(), order.status(), OrderStatus.ON_HOLD, order.status(), reason,
        order.paymentStatus(), List.of(), List.of(), statuses, List.of(), List.of(), actor, reason, true));
  }

  /** Takes the order off hold, back to where it was, and its fulfilment orders with it. */
  public Outcome<ChangeSet> release(OrderState state, String actor) {
    Order order = state.order();
    if (order.status() != OrderStatus.ON_HOLD) {
      return invalidState("the order is not on hold");
    }
    Map<Long, FulfillmentStatus> statuses = new LinkedHashMap<>();
    for (FulfillmentOrder fo : state.fulfillmentOrders()) {
      if (FulfillmentOrder.ON_HOLD.equals(fo.status())) {
        statuses.put(fo.id(), new FulfillmentStatus(fo.heldFrom() == null ? FulfillmentOrder.OPEN : fo.heldFrom(), null));
      }
    }
    return Outcome.ok(new ChangeSet(order.id(), OrderStatus.ON_HOLD, order.heldFrom(), null, null,
        order.paymentStatus(), List.of(), List.of(), statuses, List.of(), List.of(), actor, "released from hold", true));
  }

  /** Payment arrived: a PENDING order is CONFIRMED (an order on hold keeps its hold, and confirms on release). */
  public Outcome<ChangeSet> pay(OrderState state, String actor) {
    Order order = state.order();
    if (!"UNPAID".equals(order.paymentStatus())) {
      return invalidState("the order is " + order.paymentStatus());
    }
    OrderStatus status = order.status();
    if (status == OrderStatus.CANCELLED) {
      return invalidState("an order that is " + status + " cannot be paid");
    }
    OrderStatus to = status == OrderStatus.PENDING ? OrderStatus.CONFIRMED : status;
    OrderStatus heldFrom = status == OrderStatus.ON_HOLD && order.heldFrom() == OrderStatus.PENDING
        ? OrderStatus.CONFIRMED : order.heldFrom();
    return Outcome.ok(new ChangeSet(order.id(), status, to, heldFrom, order.holdReason(), "PAID", List.of(), List.of(),
        Map.of(), List.of(), List.of(), actor, "paid", true));
  }

  /** Picking started at the fulfilment order's location. */
  public Outcome<ChangeSet> start(OrderState state, long fulfillmentOrderId, String actor) {
    Order order = state.order();
    FulfillmentOrder fo = state.fulfillmentOrder(fulfillmentOrderId).orElseThrow();
    if (order.status() == OrderStatus.PENDING) {
      return invalidState("the order is not paid yet");
    }
    if (!FulfillmentOrder.OPEN.equals(fo.status())) {
      return invalidState("the fulfilment order is " + fo.status());
    }
    if (!(order.status() == OrderStatus.CONFIRMED || order.status() == OrderStatus.IN_FULFILLMENT
        || order.status() == OrderStatus.PARTIALLY_SHIPPED)) {
      return invalidState("an order that is " + order.status() + " cannot be fulfilled");
    }
    OrderStatus to = order.status() == OrderStatus.CONFIRMED ? OrderStatus.IN_FULFILLMENT : order.status();
    return Outcome.ok(new ChangeSet(order.id(), order.status(), to, null, null, order.paymentStatus(), List.of(),
        List.of(), Map.of(fo.id(), new FulfillmentStatus(FulfillmentOrder.IN_PROGRESS, null)), List.of(), List.of(),
        actor, "picking started at fulfilment order " + fo.id(), false));
  }

  /**
   * Moves a fulfilment order's units still to ship to {@code locationId}: deallocated at the
   * source, allocated at the target (whose units the caller has taken from the hot store).
   */
  public Outcome<ChangeSet> reroute(OrderState state, long fulfillmentOrderId, long locationId, String actor,
      String reason) {
    Order order = state.order();
    FulfillmentOrder fo = state.fulfillmentOrder(fulfillmentOrderId).orElseThrow();
    if (!(FulfillmentOrder.OPEN.equals(fo.status()) || FulfillmentOrder.IN_PROGRESS.equals(fo.status()))) {
      return invalidState("the fulfilment order is " + fo.status());
    }
    if (!(order.status() == OrderStatus.PENDING || order.status() == OrderStatus.CONFIRMED
        || order.status() == OrderStatus.IN_FULFILLMENT || order.status() == OrderStatus.PARTIALLY_SHIPPED)) {
      return invalidState("an order that is " + order.status() + " cannot be re-routed");
    }
    if (fo.locationId() == locationId) {
      return Outcome.refused(UserError.invalid("the fulfilment order is at that location already", "input", "locationId"));
    }
    List<FulfillmentOrderLine> changed = new ArrayList<>();
    List<AddedUnits> added = new ArrayList<>();
    List<StockDelta> stock = new ArrayList<>();
    for (FulfillmentOrderLine line : fo.lines()) {
      int moving = line.remaining();
      if (moving == 0) {
        continue;
      }
      changed.add(new FulfillmentOrderLine(line.fulfillmentOrderId(), line.lineNo(), line.variantId(), line.sku(),
          line.quantity() - moving, line.shipped(), line.cancelled()));
      added.add(new AddedUnits(locationId, line.lineNo(), line.variantId(), moving));
      stock.add(new StockDelta(line.variantId(), fo.locationId(), 0, -moving, "DEALLOCATE", -moving));
      stock.add(new StockDelta(line.variantId(), locationId, 0, moving, "ALLOCATE", moving));
    }
    if (changed.isEmpty()) {
      return invalidState("nothing left to ship on this fulfilment order");
    }
    boolean shippedAny = fo.lines().stream().anyMatch(line -> line.shipped() > 0);
    String sourceStatus = shippedAny ? FulfillmentOrder.SHIPPED : FulfillmentOrder.CANCELLED;
    return Outcome.ok(new ChangeSet(order.id(), order.status(), order.status(), order.heldFrom(), order.holdReason(),
        order.paymentStatus(), List.of(), changed, Map.of(fo.id(), new FulfillmentStatus(sourceStatus, null)), added,
        stock, actor, reason == null ? "re-routed fulfilment order " + fo.id() : reason, true));
  }

  private static Map<Long, List<FulfillmentOrderLine>> mutableLines(OrderState state) {
    Map<Long, List<FulfillmentOrderLine>> lines = new LinkedHashMap<>();
    state.fulfillmentOrders().forEach(fo -> lines.put(fo.id(), new ArrayList<>(fo.lines())));
    return lines;
  }

  private static List<FulfillmentOrderLine> changedFoLines(OrderState state, Map<Long, List<FulfillmentOrderLine>> now) {
    List<FulfillmentOrderLine> changed = new ArrayList<>();
    for (FulfillmentOrder fo : state.fulfillmentOrders()) {
      List<FulfillmentOrderLine> after = now.get(fo.id());
      for (int i = 0; i < after.size(); i++) {
        if (!after.get(i).equals(fo.lines().get(i))) {
          changed.add(after.get(i));
        }
      }
    }
    return changed;
  }

  /** Fulfilment orders with nothing left: SHIPPED if they shipped anything, else CANCELLED; ON_HOLD ones follow the order. */
  private static Map<Long, FulfillmentStatus> foStatuses(OrderState state, Map<Long, List<FulfillmentOrderLine>> now,
      OrderStatus orderStatus) {
    Map<Long, FulfillmentStatus> statuses = new LinkedHashMap<>();
    for (FulfillmentOrder fo : state.fulfillmentOrders()) {
      List<FulfillmentOrderLine> lines = now.get(fo.id());
      int remaining = lines.stream().mapToInt(FulfillmentOrderLine::remaining).sum();
      boolean shipped = lines.stream().anyMatch(line -> line.shipped() > 0);
      String status = fo.status();
      if (remaining == 0 && fo.active()) {
        status = shipped ? FulfillmentOrder.SHIPPED : FulfillmentOrder.CANCELLED;
      } else if (remaining > 0 && FulfillmentOrder.OPEN.equals(fo.status()) && shipped) {
        status = FulfillmentOrder.IN_PROGRESS;
      }
      if (!status.equals(fo.status())) {
        statuses.put(fo.id(), new FulfillmentStatus(status, null));
      }
    }
    return statuses;
  }

  private static void addStock(Map<String, StockDelta> stock, StockDelta delta) {
    stock.merge(delta.variantId() + ":" + delta.locationId() + ":" + delta.kind(), delta, (a, b) ->
        new StockDelta(a.variantId(), a.locationId(), a.onHand() + b.onHand(), a.allocated() + b.allocated(),
            a.kind(), a.quantity() + b.quantity()));
  }

  private static Outcome<ChangeSet> invalidState(String message) {
    return Outcome.refused(UserError.of("INVALID_STATE", message, "input"));
  }
}
