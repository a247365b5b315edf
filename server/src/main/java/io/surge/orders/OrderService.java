package io.surge.orders;

import io.surge.access.domain.Principal;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.inventory.ReservationJournal;
import io.surge.inventory.ReservationService;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.hotstore.StockStore;
import io.surge.orders.domain.ChangeSet;
import io.surge.orders.domain.ChangeSet.StockDelta;
import io.surge.orders.domain.FulfillmentOrder;
import io.surge.orders.domain.FulfillmentOrderLine;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.OrderPlans;
import io.surge.orders.domain.OrderState;
import io.surge.orders.domain.OrderStatus;
import io.surge.orders.domain.Shipment;
import io.surge.orders.domain.StatusChange;
import io.surge.orders.persistence.PgOrderRepository;
import io.surge.orders.persistence.PgOrderRepository.Locked;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The order lifecycle after placement: payment, hold and release, cancellation, manual
 * transitions, picking, re-routing, shipments and delivery. Each operation locks the order,
 * plans the change with {@link OrderPlans} and writes it in one transaction. Operations that make
 * units available again or take them (cancel, re-route) run as exclusive journal tasks, so the
 * hot store and PostgreSQL never disagree while an audit or a reservation batch looks; shipping
 * lowers on hand and allocated together, which leaves availability as it was.
 */
public final class OrderService {
  private final PgOrderRepository orders;
  private final java.util.function.Supplier<OrderPlans> plans;
  private final ReservationJournal journal;
  private final ReservationService reservations;
  private final StockStore store;
  private final OrderEvents events;
  private final Consumer<Set<Pool>> poolsChanged;
  private final Clock clock;

  public OrderService(PgOrderRepository orders, java.util.function.Supplier<OrderPlans> plans, ReservationJournal journal,
      ReservationService reservations, StockStore store, OrderEvents events, Consumer<Set<Pool>> poolsChanged,
      Clock clock) {
    this.orders = orders;
    this.plans = plans;
    this.journal = journal;
    this.reservations = reservations;
    this.store = store;
    this.events = events;
    this.poolsChanged = poolsChanged;
    this.clock = clock;
  }

  /** An order after a change, with the shipment the change made or touched. */
  public record ShipmentResult(Shipment shipment, Order order) {}

  /** The order, if it exists and the caller may see it (a CHANNEL key: its channel's only). */
  public Future<Optional<Order>> visible(Principal caller, long orderId) {
    return orders.byId(orderId).map(found -> found.filter(order -> caller.canActFor(order.channelId())));
  }

  public Future<Outcome<Order>> pay(Principal caller, long orderId) {
    return change(caller, orderId, false, (state, writer) -> plans.get().pay(state, caller.actorName()));
  }

  public Future<Outcome<Order>> hold(Principal caller, long orderId, String reason) {
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      return refused(UserError.invalid("give a reason of at most 500 characters", "input", "reason"));
    }
    return change(caller, orderId, false, (state, writer) -> plans.get().hold(state, reason, caller.actorName()));
  }

  public Future<Outcome<Order>> release(Principal caller, long orderId) {
    return change(caller, orderId, false, (state, writer) -> plans.get().release(state, caller.actorName()));
  }

  /** Cancels some quantity of some lines (line number to units), or everything not shipped when null. */
  public Future<Outcome<Order>> cancel(Principal caller, long orderId, Map<Integer, Integer> quantities, String reason) {
    if (reason != null && reason.length() > 500) {
      return refused(UserError.invalid("a reason has at most 500 characters", "input", "reason"));
    }
    return change(caller, orderId, true,
        (state, writer) -> plans.get().cancel(state, quantities, caller.actorName(), reason));
  }

  /**
   * A status change by hand. Only changes that do not move units are made here (e.g. DELIVERED to
   * COMPLETED, or confirming an unpaid order); hold and cancel have their own mutations, and
   * shipped and delivered follow from shipments.
   */
  public Future<Outcome<Order>> transition(Principal caller, long orderId, OrderStatus to, String reason) {
    return change(caller, orderId, false, (state, writer) -> {
      Order order = state.order();
      if (!plans.get().transitions().allows(order.status(), to) || order.status() == to) {
        return Outcome.refused(UserError.of("INVALID_STATE", order.status() + " -> " + to + " is not allowed",
            "input", "to"));
      }
      if (to == OrderStatus.ON_HOLD || to == OrderStatus.CANCELLED) {
        return Outcome.refused(UserError.of("INVALID_STATE", "use " + (to == OrderStatus.ON_HOLD ? "holdOrder"
            : "cancelOrder") + " for " + to, "input", "to"));
      }
      if (order.status() == OrderStatus.ON_HOLD) {
        return Outcome.refused(UserError.of("INVALID_STATE", "use releaseOrderHold to take the order off hold",
            "input", "to"));
      }
      if (to != OrderStatus.COMPLETED && to != OrderStatus.CONFIRMED) {
        return Outcome.refused(UserError.of("INVALID_STATE", to + " follows from shipments and deliveries",
            "input", "to"));
      }
      return Outcome.ok(new ChangeSet(order.id(), order.status(), to, null, null, order.paymentStatus(), List.of(),
          List.of(), Map.of(), List.of(), List.of(), caller.actorName(), reason, true));
    });
  }

  public Future<Outcome<FulfillmentOrder>> start(Principal caller, long fulfillmentOrderId) {
    return orders.orderOfFulfillmentOrder(fulfillmentOrderId).compose(orderId -> orderId.isEmpty()
        ? refused(UserError.notFound("no such fulfilment order", "input", "fulfillmentOrderId"))
        : change(caller, orderId.get(), false, (state, writer) -> plans.get().start(state, fulfillmentOrderId,
            caller.actorName()))
            .compose(outcome -> outcome.isOk()
                ? orders.fulfillmentByIds(List.of(fulfillmentOrderId)).map(found -> Outcome.ok(found.get(fulfillmentOrderId)))
                : Future.succeededFuture(Outcome.<FulfillmentOrder>refused(outcome.errors()))));
  }

  /** Moves a fulfilment order's unshipped units to another of the channel's locations. */
  public Future<Outcome<Order>> reroute(Principal caller, long fulfillmentOrderId, long locationId, String reason) {
    return orders.orderOfFulfillmentOrder(fulfillmentOrderId).compose(orderId -> orderId.isEmpty()
        ? refused(UserError.notFound("no such fulfilment order", "input", "fulfillmentOrderId"))
        : change(caller, orderId.get(), true, (state, writer) -> plans.get().reroute(state, fulfillmentOrderId, locationId,
            caller.actorName(), reason)));
  }

  public Future<Outcome<ShipmentResult>> ship(Principal caller, long fulfillmentOrderId, Map<Integer, Integer> lines,
      String carrier, String service, String trackingNumber) {
    if (tooLong(carrier, 100) || tooLong(service, 100) || tooLong(trackingNumber, 200)) {
      return refused(UserError.invalid("carrier and service take at most 100 characters, tracking numbers 200",
          "input"));
    }
    long[] shipmentId = new long[1];
    return orders.orderOfFulfillmentOrder(fulfillmentOrderId).compose(orderId -> orderId.isEmpty()
        ? refused(UserError.notFound("no such fulfilment order", "input", "fulfillmentOrderId"))
        : change(caller, orderId.get(), false, null, locked -> {
              Outcome<ChangeSet> plan = plans.get().ship(locked.state(), fulfillmentOrderId, lines,
                  caller.actorName());
              if (!plan.isOk()) {
                return Future.succeededFuture(plan);
              }
              FulfillmentOrder before = locked.state().fulfillmentOrder(fulfillmentOrderId).orElseThrow();
              Map<Integer, Integer> shipped = new LinkedHashMap<>();
              for (FulfillmentOrderLine after : plan.value().fulfillmentLines()) {
                before.lines().stream().filter(line -> line.lineNo() == after.lineNo()).findFirst()
                    .ifPresent(line -> shipped.put(line.lineNo(), after.shipped() - line.shipped()));
              }
              return locked.writer().insertShipment(plan.value().orderId(), fulfillmentOrderId, carrier, service,
                  trackingNumber, shipped).map(id -> {
                    shipmentId[0] = id;
                    return plan;
                  });
            })
            .compose(outcome -> withShipment(outcome, shipmentId)));
  }

  public Future<Outcome<ShipmentResult>> deliver(Principal caller, long shipmentId) {
    long[] id = {shipmentId};
    return orders.orderOfShipment(shipmentId).compose(orderId -> orderId.isEmpty()
        ? refused(UserError.notFound("no such shipment", "input", "shipmentId"))
        : change(caller, orderId.get(), false, null, locked -> locked.writer().shipment(shipmentId)
            .compose(shipment -> {
              Outcome<ChangeSet> plan = plans.get().deliver(locked.state(), shipment.orElseThrow(), caller.actorName());
              if (!plan.isOk()) {
                return Future.succeededFuture(plan);
              }
              return locked.writer().deliverShipment(shipmentId).map(ok -> plan);
            }))
            .compose(outcome -> withShipment(outcome, id)));
  }

  /** Cancels an unpaid order whose time ran out (checked again under the lock). */
  public Future<Outcome<Order>> expire(Principal system, long orderId) {
    return change(system, orderId, true, (state, writer) -> {
      Order order = state.order();
      if (order.status() != OrderStatus.PENDING || !"UNPAID".equals(order.paymentStatus())
          || order.payBy() == null || order.payBy().isAfter(clock.instant())) {
        return Outcome.refused(UserError.of("INVALID_STATE", "not an expired unpaid order", "input"));
      }
      return plans.get().cancel(state, null, system.actorName(), "unpaid order expired");
    });
  }

  // The change machinery.

  private Future<Outcome<Order>> change(Principal caller, long orderId, boolean exclusive,
      BiFunction<OrderState, PgOrderRepository.Writer, Outcome<ChangeSet>> plan) {
    return change(caller, orderId, exclusive, plan, null);
  }

  /**
   * Locks the order, plans the change (or lets {@code custom} plan it and write its own rows first),
   * takes the units the change needs from the hot store, writes it, commits, then gives back the
   * units it freed and tells the subscribers.
   */
  private Future<Outcome<Order>> change(Principal caller, long orderId, boolean exclusive,
      BiFunction<OrderState, PgOrderRepository.Writer, Outcome<ChangeSet>> plan,
      Function<Locked, Future<Outcome<ChangeSet>>> custom) {
    List<long[]> taken = new ArrayList<>();
    java.util.function.Supplier<Future<Outcome<Order>>> work = () -> orders.<Outcome<ChangeSet>>withLockedOrder(orderId,
        locked -> {
          if (!caller.canActFor(locked.state().order().channelId())) {
            return Future.succeededFuture(Outcome.refused(UserError.notFound("no such order", "input", "orderId")));
          }
          Future<Outcome<ChangeSet>> planned = custom != null ? custom.apply(locked)
              : Future.succeededFuture(plan.apply(locked.state(), locked.writer()));
          return planned.compose(outcome -> {
            if (!outcome.isOk()) {
              return Future.succeededFuture(outcome);
            }
            ChangeSet change = outcome.value();
            for (StockDelta delta : change.stock()) {
              if (delta.sellable() < 0) {
                long key = new Pool(delta.variantId(), delta.locationId()).key();
                if (!store.withdraw(key, -delta.sellable())) {
                  giveBack(taken);
                  return Future.succeededFuture(Outcome.<ChangeSet>refused(UserError.of("INSUFFICIENT_STOCK",
                      "the target location does not have these units available", "input", "locationId")));
                }
                taken.add(new long[] {key, -delta.sellable()});
              }
            }
            JsonObject routing = rerouted(locked.state(), change);
            return locked.writer().apply(change, routing).map(v -> outcome);
          });
        })
        .recover(failure -> {
          giveBack(taken);
          return Future.failedFuture(failure);
        })
        .compose(found -> {
          if (found.isEmpty()) {
            return refused(UserError.notFound("no such order", "input", "orderId"));
          }
          Outcome<ChangeSet> outcome = found.get();
          if (!outcome.isOk()) {
            giveBack(taken);
            return refused(outcome.errors());
          }
          freed(outcome.value());
          return orders.byId(orderId).map(order -> {
            announce(outcome.value(), order.orElseThrow());
            return Outcome.ok(order.get());
          });
        });
    return exclusive ? journal.exclusive(work) : work.get();
  }

  /** Right after commit: units the change freed go back to the hot store. */
  private void freed(ChangeSet change) {
    Set<Pool> pools = new HashSet<>();
    for (StockDelta delta : change.stock()) {
      Pool pool = new Pool(delta.variantId(), delta.locationId());
      if (delta.sellable() > 0) {
        store.deposit(pool.key(), delta.sellable());
      }
      if (delta.sellable() != 0) {
        pools.add(pool);
      }
    }
    if (!pools.isEmpty()) {
      poolsChanged.accept(pools);
    }
  }

  /** Subscribers learn of a status change; customer allowances get cancelled units back. */
  private void announce(ChangeSet change, Order order) {
    List<ReservationLine> cancelled = new ArrayList<>();
    for (StockDelta delta : change.stock()) {
      if ("DEALLOCATE".equals(delta.kind()) && change.added().isEmpty()) {
        cancelled.add(new ReservationLine(0, delta.variantId(), null, delta.locationId(), -delta.quantity()));
      }
    }
    if (change.from() != change.to()) {
      events.changed(new StatusChange(change.orderId(), order.number(), change.from(), change.to(), clock.instant()));
    }
    if (!cancelled.isEmpty() && order.customerRef() != null) {
      reservations.ended(order.customerRef(), cancelled);
    }
  }

  /** A re-route appends its reason to the stored routing decision. */
  private static JsonObject rerouted(OrderState state, ChangeSet change) {
    if (change.added().isEmpty()) {
      return null;
    }
    JsonObject routing = state.order().routing() == null ? new JsonObject() : state.order().routing().copy();
    JsonArray reasons = routing.getJsonArray("reasons", new JsonArray());
    reasons.add("re-routed by " + change.actor() + ": " + change.reason());
    routing.put("reasons", reasons);
    return routing;
  }

  private void giveBack(List<long[]> taken) {
    taken.forEach(units -> store.deposit(units[0], (int) units[1]));
    taken.clear();
  }

  private Future<Outcome<ShipmentResult>> withShipment(Outcome<Order> outcome, long[] shipmentId) {
    if (!outcome.isOk()) {
      return Future.succeededFuture(Outcome.refused(outcome.errors()));
    }
    return orders.shipmentsByIds(List.of(shipmentId[0])).map(found ->
        Outcome.ok(new ShipmentResult(found.get(shipmentId[0]), outcome.value())));
  }

  private static boolean tooLong(String value, int max) {
    return value != null && value.length() > max;
  }

  private static <T> Future<Outcome<T>> refused(UserError error) {
    return Future.succeededFuture(Outcome.refused(error));
  }

  private static <T> Future<Outcome<T>> refused(List<UserError> errors) {
    return Future.succeededFuture(Outcome.refused(errors));
  }
}
