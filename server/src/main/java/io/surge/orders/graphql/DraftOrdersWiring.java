package io.surge.orders.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.surge.catalog.domain.Variant;
import io.surge.channels.domain.Channel;
import io.surge.channels.graphql.ChannelsWiring;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.GlobalId;
import io.surge.graphql.Input;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import io.surge.locations.domain.Location;
import io.surge.locations.graphql.LocationsWiring;
import io.surge.money.Money;
import io.surge.orders.DraftOrderService;
import io.surge.orders.DraftOrderService.Confirmation;
import io.surge.orders.domain.DraftFields;
import io.surge.orders.domain.DraftOrderStatus;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.PlaceOrderRequest;
import io.surge.orders.domain.PricedDraft;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Wires {@code draft-orders.graphqls}: staff draft orders. */
public final class DraftOrdersWiring implements DomainWiring {
  private final DraftOrderService drafts;

  public DraftOrdersWiring(DraftOrderService drafts) {
    this.drafts = drafts;
  }

  public record DraftOrderPayload(DraftOrderView draftOrder, List<UserError> userErrors) {}

  public record DeleteDraftOrderPayload(String deletedDraftOrderId, List<UserError> userErrors) {}

  public record ConfirmDraftOrderPayload(DraftOrderView draftOrder, Order order, List<UserError> userErrors) {}

  @Override
  public void wire(SchemaWiring wiring) {
    // node(id:) is open to CHANNEL keys; drafts are for staff only, so a CHANNEL key finds nothing.
    wiring.node("DraftOrder", DraftOrderView.class, DraftOrderView::id, (context, id) ->
            context.requirePrincipal().isStaff()
                ? drafts.get(id).map(found -> found.map(DraftOrderView::of).orElse(null))
                : Future.succeededFuture(null))
        .source("DraftOrderLine", DraftOrderView.Line.class)
        .source("DraftOrderConnection", Connection.class)
        .source("DraftOrderEdge", Connection.Edge.class)
        .source("DraftOrderPayload", DraftOrderPayload.class)
        .source("DeleteDraftOrderPayload", DeleteDraftOrderPayload.class)
        .source("ConfirmDraftOrderPayload", ConfirmDraftOrderPayload.class)
        .field("DraftOrder", "channel", env -> RequestContext.of(env).<Long, Channel>loader(ChannelsWiring.CHANNEL_BY_ID)
            .load(draft(env).channelId()))
        .field("DraftOrder", "pickupLocation", env -> draft(env).pickupLocationId() == null ? null
            : RequestContext.of(env).<Long, Location>loader(LocationsWiring.LOCATION_BY_ID)
                .load(draft(env).pickupLocationId()))
        .field("DraftOrder", "order", env -> draft(env).orderId() == null ? null
            : RequestContext.of(env).<Long, Order>loader(OrdersWiring.ORDER_BY_ID).load(draft(env).orderId()))
        .field("DraftOrderLine", "variant", env -> {
          DraftOrderView.Line line = env.getSource();
          return line.variantId() == null ? null
              : RequestContext.of(env).<Long, Variant>loader(OrdersWiring.VARIANT_BY_ID).load(line.variantId());
        });
    wiring.query("draftOrder", AsyncFetcher.of(env -> drafts.get(GlobalId.decode(env.getArgument("id"), "DraftOrder"))
            .map(found -> found.map(DraftOrderView::of).orElse(null))))
        .query("draftOrders", AsyncFetcher.of(this::page))
        .mutation("createDraftOrder", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          DraftFields fields = fields(input, DraftFields.empty(input.id("channelId", "Channel")));
          return drafts.create(RequestContext.of(env).requirePrincipal(), fields).map(DraftOrdersWiring::payload);
        }))
        .mutation("updateDraftOrder", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return drafts.update(input.id("id", "DraftOrder"), current -> fields(input, current))
              .map(DraftOrdersWiring::payload);
        }))
        .mutation("deleteDraftOrder", AsyncFetcher.of(env -> drafts.delete(Input.of(env).id("draftOrderId",
                "DraftOrder"))
            .map(outcome -> new DeleteDraftOrderPayload(outcome.isOk() ? GlobalId.encode("DraftOrder", outcome.value())
                : null, outcome.errors()))))
        .mutation("confirmDraftOrder", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          Boolean paid = input.bool("paid");
          return drafts.confirm(RequestContext.of(env).requirePrincipal(), input.id("draftOrderId", "DraftOrder"),
              paid != null && paid).map(DraftOrdersWiring::confirmation);
        }));
  }

  private Future<Connection<DraftOrderView>> page(DataFetchingEnvironment env) {
    PageRequest page = PageRequest.from(env);
    String status = env.getArgument("status");
    DraftOrderStatus filter = status == null ? null : DraftOrderStatus.valueOf(status);
    Future<List<PricedDraft>> rows = drafts.page(filter, page.hasCursor() ? page.afterKey() : 0, page.limit());
    Future<Long> count = env.getSelectionSet().contains("totalCount") ? drafts.count(filter)
        : Future.succeededFuture(-1L);
    return Future.all(rows, count).map(both -> Connection.of(Page.of(
        rows.result().stream().map(DraftOrderView::of).toList(), page.first(), page.hasCursor(), count.result(),
        DraftOrderView::id)));
  }

  /**
   * The draft's fields after the input: a field left out keeps its value in {@code current}, one
   * given as null is cleared, and {@code lines}, when given, replace all lines.
   */
  private static DraftFields fields(Input input, DraftFields current) {
    if (input.has("channelId") && input.string("channelId") == null) {
      throw ApiException.badInput("channelId cannot be cleared; give the channel to move the draft to");
    }
    Money shippingPrice = input.has("shippingPrice") ? OrderInputs.money(input.object("shippingPrice")) : null;
    return new DraftFields(
        input.has("channelId") ? input.id("channelId", "Channel") : current.channelId(),
        input.has("customer") ? customer(input.object("customer")) : current.customer(),
        input.has("shippingAddress") ? OrderInputs.address(input.object("shippingAddress")) : current.shippingAddress(),
        input.has("billingAddress") ? OrderInputs.address(input.object("billingAddress")) : current.billingAddress(),
        input.has("shippingMethod") ? input.string("shippingMethod") : current.shippingMethod(),
        input.has("shippingSpeed") ? input.string("shippingSpeed") : current.shippingSpeed(),
        input.has("pickupLocationId") ? input.id("pickupLocationId", "Location") : current.pickupLocationId(),
        input.has("note") ? input.string("note") : current.note(),
        input.has("lines") ? OrderInputs.lines(input) : current.lines(),
        input.has("shippingPrice") ? (shippingPrice == null ? null : shippingPrice.minorUnits())
            : current.shippingPriceMinor(),
        input.has("shippingPrice") ? (shippingPrice == null ? null : shippingPrice.currencyCode())
            : current.shippingPriceCurrency(),
        input.has("promisedAt") ? (Instant) input.raw().get("promisedAt") : current.promisedAt());
  }

  private static PlaceOrderRequest.Customer customer(Input customer) {
    return customer == null ? null : OrderInputs.customer(customer);
  }

  private static DraftOrderPayload payload(Outcome<PricedDraft> outcome) {
    return new DraftOrderPayload(outcome.isOk() ? DraftOrderView.of(outcome.value()) : null, outcome.errors());
  }

  private static ConfirmDraftOrderPayload confirmation(Outcome<Confirmation> outcome) {
    return outcome.isOk()
        ? new ConfirmDraftOrderPayload(DraftOrderView.of(outcome.value().draft()), outcome.value().order(), List.of())
        : new ConfirmDraftOrderPayload(null, null, outcome.errors());
  }

  private static DraftOrderView draft(DataFetchingEnvironment env) {
    return env.getSource();
  }
}
