package io.surge.orders.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.surge.access.domain.Principal;
import io.surge.catalog.CatalogService;
import io.surge.catalog.domain.Variant;
import io.surge.channels.domain.Channel;
import io.surge.channels.graphql.ChannelsWiring;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.ErrorCode;
import io.surge.graphql.GlobalId;
import io.surge.graphql.Input;
import io.surge.graphql.LoaderFactories;
import io.surge.graphql.Loaders;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import io.surge.inventory.ReservationService.IdempotencyKey;
import io.surge.locations.domain.Location;
import io.surge.locations.graphql.LocationsWiring;
import io.surge.money.Money;
import io.surge.orders.OrderEvents;
import io.surge.orders.OrderPlacement;
import io.surge.orders.OrderPlacement.PlaceResult;
import io.surge.orders.OrderService;
import io.surge.orders.OrderService.ShipmentResult;
import io.surge.orders.domain.CustomerInfo;
import io.surge.orders.domain.FulfillmentOrder;
import io.surge.orders.domain.FulfillmentOrderLine;
import io.surge.orders.domain.HistoryEntry;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.OrderFilter;
import io.surge.orders.domain.OrderLine;
import io.surge.orders.domain.OrderSort;
import io.surge.orders.domain.OrderStatus;
import io.surge.orders.domain.PlaceOrderRequest;
import io.surge.orders.domain.Shipment;
import io.surge.orders.domain.ShipmentLine;
import io.surge.orders.domain.StatusChange;
import io.surge.orders.persistence.PgOrderRepository;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/** Wires {@code orders.graphqls}. */
public final class OrdersWiring implements DomainWiring {
  public static final String ORDER_BY_ID = "orderById";
  private static final String LINES_BY_ORDER = "orderLinesByOrder";
  private static final String FULFILLMENT_BY_ORDER = "fulfillmentOrdersByOrder";
  private static final String SHIPMENTS_BY_ORDER = "shipmentsByOrder";
  private static final String HISTORY_BY_ORDER = "historyByOrder";
  static final String VARIANT_BY_ID = "orderVariantById";

  private final OrderPlacement placement;
  private final OrderService service;
  private final PgOrderRepository orders;
  private final OrderEvents events;
  private final CatalogService catalog;

  public OrdersWiring(OrderPlacement placement, OrderService service, PgOrderRepository orders, OrderEvents events,
      CatalogService catalog) {
    this.placement = placement;
    this.service = service;
    this.orders = orders;
    this.events = events;
    this.catalog = catalog;
  }

  public record PlaceOrderPayload(Order order, String existingOrderId, List<UserError> userErrors) {}

  public record OrderPayload(Order order, List<UserError> userErrors) {}

  public record FulfillmentOrderPayload(FulfillmentOrder fulfillmentOrder, List<UserError> userErrors) {}

  public record ShipmentPayload(Shipment shipment, Order order, List<UserError> userErrors) {}

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.node("Order", Order.class, Order::id, (context, id) ->
            service.visible(context.requirePrincipal(), id).map(found -> found.orElse(null)))
        .node("FulfillmentOrder", FulfillmentOrder.class, FulfillmentOrder::id, (context, id) ->
            orders.fulfillmentByIds(List.of(id)).compose(found -> visibleThrough(context, found.get(id),
                FulfillmentOrder::orderId)))
        .node("Shipment", Shipment.class, Shipment::id, (context, id) ->
            orders.shipmentsByIds(List.of(id)).compose(found -> visibleThrough(context, found.get(id),
                Shipment::orderId)))
        .source("Customer", CustomerInfo.class)
        .source("OrderLine", OrderLine.class)
        .source("OrderHistoryEntry", HistoryEntry.class)
        .source("RoutingDecision", OrderViews.RoutingView.class)
        .source("RoutingCandidate", OrderViews.CandidateView.class)
        .source("RoutingAllocation", OrderViews.AllocationView.class)
        .source("FulfillmentOrderLine", FulfillmentOrderLine.class)
        .source("ShipmentLine", ShipmentLine.class)
        .source("OrderConnection", Connection.class)
        .source("OrderEdge", Connection.Edge.class)
        .source("FulfillmentOrderConnection", Connection.class)
        .source("FulfillmentOrderEdge", Connection.Edge.class)
        .source("OrderTracking", OrderViews.TrackingView.class)
        .source("TrackingEvent", OrderViews.TrackingEvent.class)
        .source("TrackedShipment", OrderViews.TrackedShipment.class)
        .source("TrackedItem", OrderViews.TrackedItem.class)
        .source("OrderStatusChange", StatusChange.class)
        .source("PlaceOrderPayload", PlaceOrderPayload.class)
        .source("OrderPayload", OrderPayload.class)
        .source("FulfillmentOrderPayload", FulfillmentOrderPayload.class)
        .source("ShipmentPayload", ShipmentPayload.class);
    wireOrder(wiring);
    wireFulfillment(wiring);
    wireQueries(wiring);
    wireMutations(wiring);
  }

  private void wireOrder(SchemaWiring wiring) {
    wiring.field("Order", "channel", env -> RequestContext.of(env).<Long, Channel>loader(ChannelsWiring.CHANNEL_BY_ID)
            .load(order(env).channelId()))
        .field("Order", "pickupLocation", env -> order(env).pickupLocationId() == null ? null
            : location(env, order(env).pickupLocationId()))
        .field("Order", "subtotal", env -> money(order(env), Order::subtotal))
        .field("Order", "discounts", env -> money(order(env), Order::discount))
        .field("Order", "shipping", env -> money(order(env), Order::shipping))
        .field("Order", "tax", env -> money(order(env), Order::tax))
        .field("Order", "total", env -> money(order(env), Order::total))
        .field("Order", "priorityExplanation", env -> order(env).priorityExplained())
        .field("Order", "routing", env -> OrderViews.routing(order(env).routing()))
        .field("Order", "lines", env -> RequestContext.of(env).<Long, List<OrderLine>>loader(LINES_BY_ORDER)
            .load(order(env).id()))
        .field("Order", "fulfillmentOrders", env -> RequestContext.of(env)
            .<Long, List<FulfillmentOrder>>loader(FULFILLMENT_BY_ORDER).load(order(env).id()))
        .field("Order", "shipments", env -> RequestContext.of(env).<Long, List<Shipment>>loader(SHIPMENTS_BY_ORDER)
            .load(order(env).id()))
        .field("Order", "history", env -> RequestContext.of(env).<Long, List<HistoryEntry>>loader(HISTORY_BY_ORDER)
            .load(order(env).id()))
        .field("OrderLine", "variant", env -> RequestContext.of(env).<Long, Variant>loader(VARIANT_BY_ID)
            .load(((OrderLine) env.getSource()).variantId()))
        .field("OrderLine", "unitPrice", env -> lineMoney(env, OrderLine::unitPrice))
        .field("OrderLine", "discount", env -> lineMoney(env, OrderLine::discount))
        .field("OrderLine", "tax", env -> lineMoney(env, OrderLine::tax))
        .field("OrderLine", "total", env -> lineMoney(env, OrderLine::total))
        .field("OrderLine", "quantityOrdered", env -> ((OrderLine) env.getSource()).ordered())
        .field("OrderLine", "quantityAllocated", env -> ((OrderLine) env.getSource()).allocated())
        .field("OrderLine", "quantityShipped", env -> ((OrderLine) env.getSource()).shipped())
        .field("OrderLine", "quantityDelivered", env -> ((OrderLine) env.getSource()).delivered())
        .field("OrderLine", "quantityCancelled", env -> ((OrderLine) env.getSource()).cancelled())
        .field("RoutingCandidate", "location", env -> location(env,
            ((OrderViews.CandidateView) env.getSource()).locationId()))
        .field("RoutingAllocation", "location", env -> location(env,
            ((OrderViews.AllocationView) env.getSource()).locationId()))
        .field("OrderStatusChange", "orderId", env -> GlobalId.encode("Order", ((StatusChange) env.getSource()).orderId()));
  }

  private void wireFulfillment(SchemaWiring wiring) {
    wiring.field("FulfillmentOrder", "order", env -> RequestContext.of(env).<Long, Order>loader(ORDER_BY_ID)
            .load(((FulfillmentOrder) env.getSource()).orderId()))
        .field("FulfillmentOrder", "location", env -> location(env, ((FulfillmentOrder) env.getSource()).locationId()))
        .field("FulfillmentOrderLine", "quantityShipped", env -> ((FulfillmentOrderLine) env.getSource()).shipped())
        .field("FulfillmentOrderLine", "quantityCancelled", env -> ((FulfillmentOrderLine) env.getSource()).cancelled())
        .field("FulfillmentOrderLine", "quantityRemaining", env -> ((FulfillmentOrderLine) env.getSource()).remaining())
        .field("Shipment", "fulfillmentOrderId", env -> GlobalId.encode("FulfillmentOrder",
            ((Shipment) env.getSource()).fulfillmentOrderId()))
        .field("Shipment", "location", env -> location(env, ((Shipment) env.getSource()).locationId()));
  }

  private void wireQueries(SchemaWiring wiring) {
    wiring.query("order", AsyncFetcher.of(env -> service.visible(principal(env),
            GlobalId.decode(env.getArgument("id"), "Order")).map(found -> found.orElse(null))))
        .query("orders", AsyncFetcher.of(this::ordersPage))
        .query("fulfillmentQueue", AsyncFetcher.of(env -> {
          PageRequest page = PageRequest.from(env);
          long locationId = GlobalId.decode(env.getArgument("locationId"), "Location");
          Future<List<FulfillmentOrder>> rows = orders.queue(locationId, page.hasCursor() ? page.afterKey() : 0,
              page.limit());
          Future<Long> count = env.getSelectionSet().contains("totalCount")
              ? orders.queueSize(locationId) : Future.succeededFuture(-1L);
          return Future.all(rows, count).map(both -> Connection.of(Page.of(rows.result(), page.first(),
              page.hasCursor(), count.result(), FulfillmentOrder::id)));
        }))
        .query("trackOrder", AsyncFetcher.of(env -> {
          String number = env.getArgument("number");
          String email = env.getArgument("email");
          if (number.length() > 50 || email.length() > 254) {
            return Future.succeededFuture(null);
          }
          // A wrong e-mail and an unknown number look the same: null, so nothing leaks.
          return orders.byNumberAndEmail(number, email).compose(found -> {
            if (found.isEmpty()) {
              return Future.succeededFuture(null);
            }
            Order order = found.get();
            var ids = java.util.Set.of(order.id());
            Future<Map<Long, List<HistoryEntry>>> history = orders.historyByOrders(ids);
            Future<Map<Long, List<Shipment>>> shipments = orders.shipmentsByOrders(ids);
            return Future.all(history, shipments).map(both -> OrderViews.tracking(order,
                history.result().getOrDefault(order.id(), List.of()),
                shipments.result().getOrDefault(order.id(), List.of())));
          });
        }))
        .subscription("orderStatusChanged", (DataFetcher<Object>) env -> {
          long orderId = GlobalId.decode(env.getArgument("orderId"), "Order");
          Principal caller = principal(env);
          // Subscribing to an order needs the right to see it; checked once, at subscription time.
          return service.visible(caller, orderId).toCompletionStage().toCompletableFuture().thenApply(found -> {
            if (found.isEmpty()) {
              throw new ApiException(ErrorCode.NOT_FOUND, "no such order");
            }
            return events.subscribe(orderId);
          });
        });
  }

  private void wireMutations(SchemaWiring wiring) {
    wiring.mutation("placeOrder", AsyncFetcher.of(env -> {
          RequestContext context = RequestContext.of(env);
          Principal caller = context.requirePrincipal();
          IdempotencyKey idempotency = context.idempotencyKey() == null ? null
              : new IdempotencyKey(caller.keyId(), context.idempotencyKey());
          Input input = Input.of(env);
          PlaceOrderRequest request = OrderInputs.placeRequest(input, input.id("channelId", "Channel"), "CHECKOUT");
          return placement.place(caller, request, idempotency).map(OrdersWiring::payload);
        }))
        .mutation("markOrderPaid", AsyncFetcher.of(env -> service.pay(principal(env), orderId(env))
            .map(OrdersWiring::payload)))
        .mutation("holdOrder", AsyncFetcher.of(env -> service.hold(principal(env), orderId(env),
            Input.of(env).string("reason")).map(OrdersWiring::payload)))
        .mutation("releaseOrderHold", AsyncFetcher.of(env -> service.release(principal(env), orderId(env))
            .map(OrdersWiring::payload)))
        .mutation("cancelOrder", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.cancel(principal(env), orderId(env), lineQuantities(input), input.string("reason"))
              .map(OrdersWiring::payload);
        }))
        .mutation("transitionOrder", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.transition(principal(env), orderId(env), OrderStatus.valueOf(input.string("to")),
              input.string("reason")).map(OrdersWiring::payload);
        }))
        .mutation("startFulfillment", AsyncFetcher.of(env -> service.start(principal(env),
                Input.of(env).id("fulfillmentOrderId", "FulfillmentOrder"))
            .map(outcome -> new FulfillmentOrderPayload(outcome.value(), outcome.errors()))))
        .mutation("rerouteFulfillmentOrder", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.reroute(principal(env), input.id("fulfillmentOrderId", "FulfillmentOrder"),
              input.id("locationId", "Location"), input.string("reason")).map(OrdersWiring::payload);
        }))
        .mutation("createShipment", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.ship(principal(env), input.id("fulfillmentOrderId", "FulfillmentOrder"),
              lineQuantities(input), input.string("carrier"), input.string("service"), input.string("trackingNumber"))
              .map(OrdersWiring::shipmentPayload);
        }))
        .mutation("markShipmentDelivered", AsyncFetcher.of(env -> service.deliver(principal(env),
            Input.of(env).id("shipmentId", "Shipment")).map(OrdersWiring::shipmentPayload)));
  }

  @Override
  public void loaders(LoaderFactories factories) {
    factories.register(ORDER_BY_ID, () -> Loaders.toOne(orders::byIds));
    factories.register(LINES_BY_ORDER, () -> Loaders.toMany(orders::linesByOrders));
    factories.register(FULFILLMENT_BY_ORDER, () -> Loaders.toMany(orders::fulfillmentByOrders));
    factories.register(SHIPMENTS_BY_ORDER, () -> Loaders.toMany(orders::shipmentsByOrders));
    factories.register(HISTORY_BY_ORDER, () -> Loaders.toMany(orders::historyByOrders));
    factories.register(VARIANT_BY_ID, () -> Loaders.toOne(catalog::variantsByIds));
  }

  private Future<Connection<Order>> ordersPage(DataFetchingEnvironment env) {
    PageRequest page = PageRequest.from(env);
    Principal caller = principal(env);
    OrderFilter filter = filter(env.getArgument("filter"));
    if (!caller.isStaff()) {
      // A CHANNEL key sees its own channel's orders; asking for another's finds nothing.
      if (filter.channelId() != null && !filter.channelId().equals(caller.channelId())) {
        return Future.succeededFuture(Connection.of(Page.of(List.of(), page.first(), page.hasCursor(), 0, Order::id)));
      }
      filter = new OrderFilter(filter.statuses(), caller.channelId(), filter.placedAfter(), filter.placedBefore(),
          filter.customerEmail(), filter.sku(), filter.locationId());
    }
    String sortKey = env.getArgument("sortKey");
    Boolean reverse = env.getArgument("reverse");
    OrderSort sort = sortKey == null ? OrderSort.PLACED_AT : OrderSort.valueOf(sortKey);
    boolean descending = reverse == null || reverse;
    Future<List<Order>> rows = orders.page(filter, sort, descending, page.hasCursor() ? page.afterKey() : 0,
        page.limit());
    boolean wantsCount = env.getSelectionSet().contains("totalCount");
    Future<Long> count = wantsCount ? orders.count(filter) : Future.succeededFuture(-1L);
    return Future.all(rows, count).map(both -> Connection.of(Page.of(rows.result(), page.first(), page.hasCursor(),
        count.result(), Order::id)));
  }

  @SuppressWarnings("unchecked")
  private static OrderFilter filter(Map<String, Object> raw) {
    if (raw == null) {
      return OrderFilter.NONE;
    }
    Input input = new Input(raw);
    List<String> statuses = (List<String>) raw.get("status");
    String email = input.string("customerEmail");
    String sku = input.string("sku");
    if ((email != null && email.length() > 254) || (sku != null && sku.length() > 200)) {
      throw ApiException.badInput("customerEmail takes at most 254 characters, sku 200");
    }
    return new OrderFilter(statuses == null ? null : statuses.stream().map(OrderStatus::valueOf).toList(),
        input.id("channelId", "Channel"), (Instant) raw.get("placedAfter"), (Instant) raw.get("placedBefore"),
        email, sku, input.id("locationId", "Location"));
  }

  /** {@code lines: [{lineNo, quantity}]} as line number to units, or null when left out. */
  private static Map<Integer, Integer> lineQuantities(Input input) {
    if (input.raw().get("lines") == null) {
      return null;
    }
    List<Input> lines = input.objects("lines");
    if (lines.size() > 1_000) {
      throw ApiException.badInput("at most 1,000 lines");
    }
    Map<Integer, Integer> quantities = new LinkedHashMap<>();
    for (Input line : lines) {
      if (quantities.put(line.integer("lineNo"), line.integer("quantity")) != null) {
        throw ApiException.badInput("line " + line.integer("lineNo") + " is listed twice");
      }
    }
    return quantities;
  }

  /** A fulfilment order or shipment, if the caller may see its order. */
  private <T> Future<Object> visibleThrough(RequestContext context, T found, ToLongFunction<T> orderIdOf) {
    if (found == null) {
      return Future.succeededFuture(null);
    }
    return service.visible(context.requirePrincipal(), orderIdOf.applyAsLong(found))
        .map(order -> order.isPresent() ? found : null);
  }

  private static PlaceOrderPayload payload(PlaceResult result) {
    return new PlaceOrderPayload(result.order(), result.existingOrderId() == null ? null
        : GlobalId.encode("Order", result.existingOrderId()), result.userErrors());
  }

  private static OrderPayload payload(Outcome<Order> outcome) {
    return new OrderPayload(outcome.value(), outcome.errors());
  }

  private static ShipmentPayload shipmentPayload(Outcome<ShipmentResult> outcome) {
    return outcome.isOk()
        ? new ShipmentPayload(outcome.value().shipment(), outcome.value().order(), List.of())
        : new ShipmentPayload(null, null, outcome.errors());
  }

  private static long orderId(DataFetchingEnvironment env) {
    return Input.of(env).id("orderId", "Order");
  }

  private static Order order(DataFetchingEnvironment env) {
    return env.getSource();
  }

  private static Money money(Order order, ToLongFunction<Order> amount) {
    return new Money(amount.applyAsLong(order), order.currency());
  }

  private static Money lineMoney(DataFetchingEnvironment env, ToLongFunction<OrderLine> amount) {
    OrderLine line = env.getSource();
    return new Money(amount.applyAsLong(line), line.currency());
  }

  private static CompletableFuture<Location> location(DataFetchingEnvironment env, long locationId) {
    return RequestContext.of(env).<Long, Location>loader(LocationsWiring.LOCATION_BY_ID).load(locationId);
  }

  private static Principal principal(DataFetchingEnvironment env) {
    return RequestContext.of(env).requirePrincipal();
  }
}
