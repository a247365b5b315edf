package io.surge.inventory.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.surge.access.domain.Principal;
import io.surge.catalog.CatalogService;
import io.surge.catalog.domain.Variant;
import io.surge.catalog.graphql.CatalogWiring.VariantPayload;
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
import io.surge.graphql.Loaders;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.graphql.PlannedOperations;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import io.surge.inventory.InventoryAudit;
import io.surge.inventory.InventoryDirectory;
import io.surge.inventory.ReservationService;
import io.surge.inventory.ReservationService.IdempotencyKey;
import io.surge.inventory.SaleRulesService;
import io.surge.inventory.StockEvents;
import io.surge.inventory.StockService;
import io.surge.inventory.domain.AuditFinding;
import io.surge.inventory.domain.AuditReport;
import io.surge.inventory.domain.Campaign;
import io.surge.inventory.domain.Reservation;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReserveRequest;
import io.surge.inventory.domain.SaleRules;
import io.surge.inventory.domain.SellableVariant;
import io.surge.inventory.domain.StockChange;
import io.surge.inventory.domain.StockLevel;
import io.surge.inventory.domain.StockMovement;
import io.surge.inventory.domain.StockTransfer;
import io.surge.inventory.persistence.PgStockRepository;
import io.surge.locations.domain.Location;
import io.surge.locations.graphql.LocationsWiring;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import io.surge.graphql.LoaderFactories;

/** Wires {@code inventory.graphqls}. */
public final class InventoryWiring implements DomainWiring {
  private static final String LEVELS_BY_VARIANT = "stockLevelsByVariant";
  private static final String RULES_BY_SKU = "saleRulesBySku";

  private final ReservationService reservations;
  private final StockService stock;
  private final SaleRulesService saleRules;
  private final InventoryAudit audit;
  private final InventoryDirectory directory;
  private final PgStockRepository levels;
  private final CatalogService catalog;
  private final StockEvents events;

  public InventoryWiring(ReservationService reservations, StockService stock, SaleRulesService saleRules,
      InventoryAudit audit, InventoryDirectory directory, PgStockRepository levels, CatalogService catalog,
      StockEvents events) {
    this.reservations = reservations;
    this.stock = stock;
    this.saleRules = saleRules;
    this.audit = audit;
    this.directory = directory;
    this.levels = levels;
    this.catalog = catalog;
    this.events = events;
  }

  /** Payloads of the inventory mutations. */
  public record ReservationPayload(Reservation reservation, List<UserError> userErrors) {}

  public record StockLevelPayload(StockLevelView stockLevel, List<UserError> userErrors) {}

  public record StockTransferPayload(StockTransfer transfer, List<UserError> userErrors) {}

  public record CampaignPayload(Campaign campaign, List<UserError> userErrors) {}

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.node("Reservation", Reservation.class, Reservation::id, (context, id) ->
            reservations.visible(context.requirePrincipal(), id).map(found -> found.orElse(null)))
        .source("ReservationLine", ReservationLine.class)
        .source("StockLevel", StockLevelView.class)
        .source("SaleRules", SaleRules.class)
        .source("StockMovement", StockMovement.class)
        .source("StockMovementConnection", Connection.class)
        .source("StockMovementEdge", Connection.Edge.class)
        .source("StockTransfer", StockTransfer.class)
        .source("InventoryAudit", AuditReport.class)
        .source("AuditFinding", AuditFinding.class)
        .source("StockChange", StockChange.class)
        .source("Campaign", Campaign.class)
        .source("ReservationPayload", ReservationPayload.class)
        .source("StockLevelPayload", StockLevelPayload.class)
        .source("StockTransferPayload", StockTransferPayload.class)
        .source("CampaignPayload", CampaignPayload.class)
        .field("Variant", "stockLevels", env -> variantLevels(env)
            .thenApply(list -> list.stream().map(level -> new StockLevelView(variant(env).sku(), level)).toList()))
        .field("Variant", "availableQuantity", AsyncFetcher.of(this::availableQuantity))
        .field("Variant", "saleRules", env -> RequestContext.of(env)
            .<String, SellableVariant>loader(RULES_BY_SKU).load(variant(env).sku())
            .thenApply(found -> found == null ? SaleRules.NONE : found.rules()))
        .field("StockLevel", "location", env -> location(env, ((StockLevelView) env.getSource()).locationId()))
        .field("ReservationLine", "location", env -> location(env, ((ReservationLine) env.getSource()).locationId()))
        .field("Reservation", "channel", env -> RequestContext.of(env).<Long, Channel>loader(ChannelsWiring.CHANNEL_BY_ID)
            .load(((Reservation) env.getSource()).channelId()))
        .field("StockMovement", "location", env -> location(env, ((StockMovement) env.getSource()).locationId()))
        .field("StockTransfer", "from", env -> location(env, ((StockTransfer) env.getSource()).fromLocationId()))
        .field("StockTransfer", "to", env -> location(env, ((StockTransfer) env.getSource()).toLocationId()))
        .field("AuditFinding", "location", env -> location(env, ((AuditFinding) env.getSource()).locationId()))
        .field("StockChange", "location", env -> location(env, ((StockChange) env.getSource()).locationId()))
        .query("reservation", AsyncFetcher.of(env -> reservations.visible(principal(env),
            GlobalId.decode(env.getArgument("id"), "Reservation")).map(found -> found.orElse(null))))
        .query("inventoryAudit", AsyncFetcher.of(env -> {
          List<String> skus = env.getArgument("skus");
          if (skus != null && skus.size() > 10_000) {
            throw ApiException.badInput("at most 10,000 SKUs per audit");
          }
          return audit.audit(skus);
        }))
        .query("stockMovements", AsyncFetcher.of(this::movements))
        .mutation("reserveStock", AsyncFetcher.of(this::reserve))
        .mutation("extendReservation", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return reservations.extend(principal(env), input.id("id", "Reservation"), input.integer("ttlSeconds"))
              .map(InventoryWiring::reservationPayload);
        }))
        .mutation("releaseReservation", AsyncFetcher.of(env -> reservations
            .release(principal(env), Input.of(env).id("id", "Reservation"))
            .map(InventoryWiring::reservationPayload)))
        .mutation("adjustStock", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return stock.adjust(principal(env), input.string("sku"), input.id("locationId", "Location"),
                  input.integer("delta"), StockService.AdjustReason.valueOf(input.string("reason")), input.string("note"))
              .map(outcome -> levelPayload(input.string("sku"), outcome));
        }))
        .mutation("receiveStock", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return stock.receive(principal(env), input.string("sku"), input.id("locationId", "Location"),
                  input.integer("quantity"), input.string("reference"))
              .map(outcome -> levelPayload(input.string("sku"), outcome));
        }))
        .mutation("setOnHand", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return stock.setOnHand(principal(env), input.string("sku"), input.id("locationId", "Location"),
                  input.integer("onHand"), input.integer("expectedOnHand"), input.string("reason"))
              .map(outcome -> levelPayload(input.string("sku"), outcome));
        }))
        .mutation("setSafetyStock", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return stock.setSafetyStock(principal(env), input.string("sku"), input.id("locationId", "Location"),
                  input.integer("safetyStock"))
              .map(outcome -> levelPayload(input.string("sku"), outcome));
        }))
        .mutation("transferStock", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return stock.transfer(principal(env), input.string("sku"), input.id("fromLocationId", "Location"),
                  input.id("toLocationId", "Location"), input.integer("quantity"))
              .map(outcome -> new StockTransferPayload(outcome.value(), outcome.errors()));
        }))
        .mutation("receiveTransfer", AsyncFetcher.of(env -> stock
            .receiveTransfer(principal(env), parseTransferId(Input.of(env).string("transferId")))
            .map(outcome -> new StockTransferPayload(outcome.value(), outcome.errors()))))
        .mutation("setSaleRules", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return saleRules.setVariantRules(input.string("sku"), rules(input)).compose(outcome -> outcome.isOk()
              ? catalog.variant(outcome.value()).map(found -> new VariantPayload(found.orElse(null), List.of()))
              : Future.succeededFuture(new VariantPayload(null, outcome.errors())));
        }))
        .mutation("createCampaign", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return saleRules.createCampaign(input.string("code"), input.string("name"), input.list("skus"), rules(input))
              .map(outcome -> new CampaignPayload(outcome.value(), outcome.errors()));
        }))
        .subscription("stockChanged", (DataFetcher<Object>) env -> {
          List<String> skus = env.getArgument("skus");
          if (skus.isEmpty() || skus.size() > 1_000) {
            throw ApiException.badInput("give 1 to 1,000 SKUs");
          }
          return events.subscribe(Set.copyOf(skus));
        });
  }

  @Override
  public void plans(PlannedOperations plans) {
    plans.register(new ReserveStockPlanner(reservations));
  }

  @Override
  public void loaders(LoaderFactories factories) {
    factories.register(LEVELS_BY_VARIANT, () -> Loaders.toMany(levels::levelsByVariants));
    factories.register(RULES_BY_SKU, () -> Loaders.toOne(directory::variants));
  }

  private Future<Outcome<Reservation>> reserveOutcome(DataFetchingEnvironment env) {
    Input input = Input.of(env);
    List<ReserveRequest.Line> lines = new ArrayList<>();
    List<Input> lineInputs = input.objects("lines");
    if (lineInputs.size() > ReservationService.MAX_LINES) {
      return Future.succeededFuture(Outcome.refused(UserError.of("LIMIT_EXCEEDED",
          "at most " + ReservationService.MAX_LINES + " lines per reservation", "input", "lines")));
    }
    lineInputs.forEach(line -> lines.add(new ReserveRequest.Line(line.string("sku"), line.integer("quantity"))));
    Input destination = input.object("destination");
    ReserveRequest request = new ReserveRequest(lines, input.id("channelId", "Channel"),
        input.id("locationId", "Location"), input.integer("ttlSeconds"), input.string("customerRef"),
        destination == null ? null : new ReserveRequest.Destination(destination.decimal("latitude"),
            destination.decimal("longitude")));
    RequestContext context = RequestContext.of(env);
    Principal caller = context.requirePrincipal();
    IdempotencyKey idempotency = context.idempotencyKey() == null ? null
        : new IdempotencyKey(caller.keyId(), context.idempotencyKey());
    return reservations.reserve(caller, request, idempotency);
  }

  private Future<ReservationPayload> reserve(DataFetchingEnvironment env) {
    return reserveOutcome(env).map(InventoryWiring::reservationPayload);
  }

  private Future<Integer> availableQuantity(DataFetchingEnvironment env) {
    Principal caller = principal(env);
    String channelArgument = env.getArgument("channelId");
    Long channelId = caller.isStaff() ? null : caller.channelId();
    if (channelArgument != null) {
      channelId = GlobalId.decode(channelArgument, "Channel");
    }
    if (channelId != null && !caller.canActFor(channelId)) {
      throw new ApiException(io.surge.graphql.ErrorCode.FORBIDDEN, "not this key's channel");
    }
    Future<List<StockLevel>> all = Future.fromCompletionStage(variantLevels(env));
    if (channelId == null) {
      return all.map(list -> list.stream().mapToInt(StockLevel::available).sum());
    }
    Future<java.util.Optional<io.surge.inventory.domain.ChannelStock>> channelStock = directory.channel(channelId);
    return Future.all(all, channelStock).map(both -> {
      var channel = channelStock.result();
      return all.result().stream()
          .filter(level -> channel.isPresent() && channel.get().serves(level.locationId()))
          .mapToInt(StockLevel::available).sum();
    });
  }

  private Future<Connection<StockMovement>> movements(DataFetchingEnvironment env) {
    PageRequest page = PageRequest.from(env);
    String locationArgument = env.getArgument("locationId");
    Long locationId = locationArgument == null ? null : GlobalId.decode(locationArgument, "Location");
    long before = page.hasCursor() ? page.afterKey() : Long.MAX_VALUE;
    String sku = env.getArgument("sku");
    Future<List<StockMovement>> rows = levels.movements(sku, locationId, before, page.limit());
    Future<Long> count = levels.countMovements(sku, locationId);
    return Future.all(rows, count).map(both -> Connection.of(
        Page.of(rows.result(), page.first(), page.hasCursor(), count.result(), StockMovement::id)));
  }

  private static ReservationPayload reservationPayload(Outcome<Reservation> outcome) {
    return new ReservationPayload(outcome.value(), outcome.errors());
  }

  private static StockLevelPayload levelPayload(String sku, Outcome<StockLevel> outcome) {
    return new StockLevelPayload(outcome.value() == null ? null : new StockLevelView(sku, outcome.value()),
        outcome.errors());
  }

  private static SaleRules rules(Input input) {
    return new SaleRules(input.integer("maxPerReservation"), input.integer("maxPerCustomer"),
        (Instant) input.raw().get("startsAt"), (Instant) input.raw().get("endsAt"));
  }

  private static long parseTransferId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.badInput("invalid transfer id");
    }
  }

  private static CompletableFuture<List<StockLevel>> variantLevels(DataFetchingEnvironment env) {
    return RequestContext.of(env).<Long, List<StockLevel>>loader(LEVELS_BY_VARIANT).load(variant(env).id());
  }

  private static Variant variant(DataFetchingEnvironment env) {
    return env.getSource();
  }

  private static CompletableFuture<Location> location(DataFetchingEnvironment env, long locationId) {
    return RequestContext.of(env).<Long, Location>loader(LocationsWiring.LOCATION_BY_ID).load(locationId);
  }

  private static Principal principal(DataFetchingEnvironment env) {
    return RequestContext.of(env).requirePrincipal();
  }
}
