package io.surge.orders;

import io.surge.access.domain.Principal;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.inventory.ReservationJournal;
import io.surge.inventory.ReservationJournal.PlaceOutcome;
import io.surge.inventory.ReservationJournal.PoolUnits;
import io.surge.inventory.ReservationService;
import io.surge.inventory.ReservationService.IdempotencyKey;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.domain.Reservation;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReservationStatus;
import io.surge.inventory.domain.ReserveRequest;
import io.surge.inventory.hotstore.StockStore;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.PlaceOrderRequest;
import io.surge.orders.persistence.PgOrderDirectory;
import io.surge.orders.persistence.PgOrderDirectory.OrderChannel;
import io.surge.orders.persistence.PgOrderDirectory.OrderVariant;
import io.surge.orders.persistence.PgOrderRepository;
import io.surge.orders.routing.Allocation;
import io.surge.orders.routing.Candidate;
import io.surge.orders.routing.CustomerTier;
import io.surge.orders.routing.Destination;
import io.surge.orders.routing.Priority;
import io.surge.orders.routing.PriorityScore;
import io.surge.orders.routing.RoutingDecision;
import io.surge.orders.routing.RoutingLine;
import io.surge.orders.routing.RoutingLocation;
import io.surge.orders.routing.RoutingPolicy;
import io.surge.orders.routing.RoutingRequest;
import io.surge.orders.routing.ShippingSpeed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Places orders. An order always converts a reservation: the client's, or one made here from
 * the order's lines (so every flash-sale rule and the oversell guarantee apply to orders as they
 * do to reservations). The placement prices the lines from the catalogue, adds tax, routes the
 * lines to locations, scores priority, and hands the prepared order to the reservation journal,
 * which writes it in the next batch: the reservation's units become allocations in the same
 * transaction, and the order is answered only once that committed.
 */
public final class OrderPlacement {
  /** How long a reservation made for an order from lines may live if the placement stalls. */
  private static final int LINES_RESERVATION_TTL_SECONDS = 120;

  private final ReservationService reservations;
  private final ReservationJournal journal;
  private final StockStore store;
  private final PgOrderDirectory directory;
  private final PgOrderRepository orders;
  private final RoutingPolicy routing;
  private final Clock clock;

  public OrderPlacement(ReservationService reservations, ReservationJournal journal, StockStore store,
      PgOrderDirectory directory, PgOrderRepository orders, RoutingPolicy routing, Clock clock) {
    this.reservations = reservations;
    this.journal = journal;
    this.store = store;
    this.directory = directory;
    this.orders = orders;
    this.routing = routing;
    this.clock = clock;
  }

  /** The placed order, or why not; {@code existingOrderId} when the external reference was used before. */
  public record PlaceResult(Order order, Long existingOrderId, List<UserError> userErrors) {
    static PlaceResult refused(UserError... errors) {
      return new PlaceResult(null, null, List.of(errors));
    }

    static PlaceResult refused(List<UserError> errors) {
      return new PlaceResult(null, null, errors);
    }
  }

  public Future<PlaceResult> place(Principal caller, PlaceOrderRequest request, IdempotencyKey idempotency) {
    Validation validation = PlaceOrderRules.shape(request);
    if (validation.failed()) {
      return Future.succeededFuture(PlaceResult.refused(validation.errors()));
    }
    Long channelId = request.channelId() != null ? request.channelId() : caller.channelId();
    UserError channelRefusal = channelRefusal(caller, channelId);
    if (channelRefusal != null) {
      return done(PlaceResult.refused(channelRefusal));
    }
    Future<Optional<Long>> replay = idempotency == null
        ? Future.succeededFuture(Optional.empty())
        : orders.idByIdempotencyKey(idempotency.owner(), idempotency.key());
    return replay.compose(existing -> {
      if (existing.isPresent()) {
        return orders.byId(existing.get()).map(order -> new PlaceResult(order.orElseThrow(), null, List.of()));
      }
      Future<Optional<Long>> duplicate = request.externalReference() == null
          ? Future.succeededFuture(Optional.empty())
          : orders.idByExternalReference(channelId, request.externalReference());
      return duplicate.compose(found -> found.isPresent()
          ? done(duplicateOf(found.get()))
          : withChannel(caller, channelId, request, idempotency));
    });
  }

  /**
   * What placing {@code request} would refuse before any stock moves: its shape, the channel and
   * pickup location, each line's SKU, price and discount, and lines that want more units than the
   * channel's locations have available now (other orders may still take them first, so a checked
   * request can yet be refused). An external reference used before answers as {@link #place} does:
   * DUPLICATE with the existing order's id. Reserves and writes nothing.
   */
  public Future<PlaceResult> check(Principal caller, PlaceOrderRequest request) {
    Validation validation = PlaceOrderRules.shape(request);
    if (validation.failed()) {
      return done(PlaceResult.refused(validation.errors()));
    }
    Long channelId = request.channelId() != null ? request.channelId() : caller.channelId();
    UserError channelRefusal = channelRefusal(caller, channelId);
    if (channelRefusal != null) {
      return done(PlaceResult.refused(channelRefusal));
    }
    Future<Optional<Long>> duplicate = request.externalReference() == null
        ? Future.succeededFuture(Optional.empty())
        : orders.idByExternalReference(channelId, request.externalReference());
    return duplicate.compose(found -> found.isPresent()
        ? done(duplicateOf(found.get()))
        : directory.channel(channelId).compose(channel -> checkAgainst(channel.orElse(null), request)));
  }

  private Future<PlaceResult> checkAgainst(OrderChannel channel, PlaceOrderRequest request) {
    if (channel == null || !channel.active()) {
      return done(PlaceResult.refused(UserError.notFound("no such channel", "input", "channelId")));
    }
    Long pickupId = request.pickupLocationId();
    if (pickupId != null && !channel.serves(pickupId)) {
      return done(PlaceResult.refused(UserError.invalid("this location does not serve the channel", "input",
          "pickupLocationId")));
    }
    if (request.lines() == null || request.lines().isEmpty()) {
      return done(new PlaceResult(null, null, List.of()));
    }
    String currency = request.currencyCode() == null ? channel.currency() : request.currencyCode();
    List<String> skus = request.lines().stream().map(PlaceOrderRequest.Line::sku).toList();
    return directory.variants(skus, currency).map(variants -> {
      Validation validation = new Validation();
      for (int i = 0; i < request.lines().size(); i++) {
        PlaceOrderRequest.Line line = request.lines().get(i);
        OrderVariant variant = variants.get(line.sku());
        if (variant == null) {
          // As the reservation would say it.
          validation.add(UserError.notFound("no variant has this SKU", "input", "lines", Integer.toString(i), "sku"));
          continue;
        }
        UserError refusal = PlaceOrderRules.lineRefusal(line.sku(), line.quantity(), line, variant, currency);
        if (refusal != null) {
          validation.add(refusal);
          continue;
        }
        long available = available(channel, pickupId, variant.id());
        validation.check(line.quantity() <= available, "OUT_OF_STOCK", line.sku() + ": " + line.quantity()
            + " wanted, " + available + " available at the channel's locations", "input", "lines");
      }
      validation.check(request.shippingPriceCurrency() == null || request.shippingPriceCurrency().equals(currency),
          "INVALID", "the shipping price must be in " + currency, "input", "shippingPrice");
      return validation.failed() ? PlaceResult.refused(validation.errors()) : new PlaceResult(null, null, List.of());
    });
  }

  /** Units of a variant available now where the order could be fulfilled from (the hot store's view). */
  private long available(OrderChannel channel, Long pickupId, long variantId) {
    long total = 0;
    for (RoutingLocation location : channel.locations()) {
      boolean candidate = location.active() && (pickupId == null ? location.ships() : location.id() == pickupId);
      StockStore.Counts counts = candidate ? store.get(new Pool(variantId, location.id()).key()) : null;
      total += counts == null ? 0 : Math.max(0, counts.available());
    }
    return total;
  }

  private Future<PlaceResult> withChannel(Principal caller, long channelId, PlaceOrderRequest request,
      IdempotencyKey idempotency) {
    return directory.channel(channelId).compose(found -> {
      if (found.isEmpty() || !found.get().active()) {
        return done(PlaceResult.refused(UserError.notFound("no such channel", "input", "channelId")));
      }
      OrderChannel channel = found.get();
      if (request.pickupLocationId() != null && !channel.serves(request.pickupLocationId())) {
        return done(PlaceResult.refused(UserError.invalid("this location does not serve the channel", "input",
            "pickupLocationId")));
      }
      if (request.reservationId() != null) {
        return reservations.visible(caller, request.reservationId()).compose(reservation ->
            fromReservation(caller, channel, request, reservation.orElse(null), false, idempotency));
      }
      ReserveRequest reserve = new ReserveRequest(
          request.lines().stream().map(line -> new ReserveRequest.Line(line.sku(), line.quantity())).toList(),
          channelId, request.pickupLocationId(), LINES_RESERVATION_TTL_SECONDS, customerRef(request),
          request.latitude() == null ? null : new ReserveRequest.Destination(request.latitude(), request.longitude()));
      return reservations.reserve(caller, reserve, idempotency).compose(outcome -> outcome.isOk()
          ? fromReservation(caller, channel, request, outcome.value(), true, idempotency)
          : done(PlaceResult.refused(outcome.errors())));
    });
  }

  private Future<PlaceResult> fromReservation(Principal caller, OrderChannel channel, PlaceOrderRequest request,
      Reservation reservation, boolean ownReservation, IdempotencyKey idempotency) {
    if (reservation == null || reservation.channelId() != channel.id()) {
      return done(PlaceResult.refused(UserError.notFound("no such reservation on this channel", "input",
          "reservationId")));
    }
    if (reservation.status() != ReservationStatus.ACTIVE || !reservation.expiresAt().isAfter(clock.instant())) {
      return done(PlaceResult.refused(UserError.of("INVALID_STATE", "the reservation is " + (reservation.status()
          == ReservationStatus.ACTIVE ? "expired" : reservation.status().name().toLowerCase(Locale.ROOT)), "input",
          "reservationId")));
    }
    if (!ownReservation && request.lines() != null && !sameLines(request.lines(), reservation.lines())) {
      return done(PlaceResult.refused(UserError.invalid("the lines differ from the reservation's: leave them out",
          "input", "lines")));
    }
    Future<PlaceResult> placed = prepareAndPlace(caller, channel, request, reservation, idempotency);
    if (!ownReservation) {
      return placed;
    }
    // A reservation made for this order does not outlive a placement that did not happen.
    return placed.compose(result -> {
      if (result.order() == null) {
        return reservations.release(caller, reservation.id()).map(result).otherwise(result);
      }
      return Future.succeededFuture(result);
    }, failure -> reservations.release(caller, reservation.id()).transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<PlaceResult> prepareAndPlace(Principal caller, OrderChannel channel, PlaceOrderRequest request,
      Reservation reservation, IdempotencyKey idempotency) {
    String currency = request.currencyCode() == null ? channel.currency() : request.currencyCode();
    List<String> skus = reservation.lines().stream().map(ReservationLine::sku).toList();
    Future<Optional<PgOrderDirectory.PickupLocation>> pickup = request.pickupLocationId() == null
        ? Future.succeededFuture(Optional.empty())
        : directory.pickupLocation(request.pickupLocationId());
    return pickup.compose(pickupLocation -> {
      if (request.pickupLocationId() != null
          && (pickupLocation.isEmpty() || !pickupLocation.get().pickup() || !pickupLocation.get().active())) {
        return done(PlaceResult.refused(UserError.invalid("this location does not offer pickup", "input",
            "pickupLocationId")));
      }
      String country = pickupLocation.isPresent() ? pickupLocation.get().countryCode()
          : request.shippingAddress().countryCode();
      String region = pickupLocation.isPresent() ? pickupLocation.get().region() : request.shippingAddress().region();
      Future<Map<String, OrderVariant>> variants = directory.variants(skus, currency);
      Future<Map<String, BigDecimal>> rates = directory.taxRates(country);
      Future<String> tier = directory.tier(request.customer().email());
      Future<Map<Long, Integer>> today = directory.ordersToday();
      return Future.all(variants, rates, tier, today).compose(all -> prepared(caller, channel, request, reservation,
          idempotency, currency, variants.result(), rates.result(), tier.result(), today.result(), country, region));
    });
  }

  private Future<PlaceResult> prepared(Principal caller, OrderChannel channel, PlaceOrderRequest request,
      Reservation reservation, IdempotencyKey idempotency, String currency, Map<String, OrderVariant> variants,
      Map<String, BigDecimal> rates, String tier, Map<Long, Integer> today, String country, String region) {
    Instant now = clock.instant();
    Map<String, PlaceOrderRequest.Line> requested = new HashMap<>();
    if (request.lines() != null) {
      request.lines().forEach(line -> requested.put(line.sku(), line));
    }
    // Prices and tax, per line.
    JsonArray lines = new JsonArray();
    List<RoutingLine> routingLines = new ArrayList<>();
    long subtotal = 0;
    long discounts = 0;
    long tax = 0;
    Validation validation = new Validation();
    for (ReservationLine held : reservation.lines()) {
      OrderVariant variant = variants.get(held.sku());
      PlaceOrderRequest.Line line = requested.get(held.sku());
      UserError refusal = PlaceOrderRules.lineRefusal(held.sku(), held.quantity(), line, variant, currency);
      if (refusal != null) {
        validation.add(refusal);
        continue;
      }
      long gross = Math.multiplyExact(variant.priceMinor(), (long) held.quantity());
      long discount = line == null || line.discountMinor() == null ? 0 : line.discountMinor();
      BigDecimal rate = rates.getOrDefault(variant.taxClass(), BigDecimal.ZERO);
      long lineTax = BigDecimal.valueOf(gross - discount).multiply(rate)
          .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact();
      subtotal += gross;
      discounts += discount;
      tax += lineTax;
      lines.add(new JsonObject().put("line_no", held.lineNo()).put("variant_id", variant.id()).put("sku", variant.sku())
          .put("title", variant.title()).put("tax_class", variant.taxClass()).put("unit_price", variant.priceMinor())
          .put("discount", discount).put("tax_rate", rate).put("tax", lineTax).put("total", gross - discount + lineTax)
          .put("quantity", held.quantity()));
      routingLines.add(new RoutingLine(held.lineNo(), variant.id(), variant.sku(), held.quantity()));
    }
    if (request.shippingPriceCurrency() != null && !request.shippingPriceCurrency().equals(currency)) {
      validation.add(UserError.invalid("the shipping price must be in " + currency, "input", "shippingPrice"));
    }
    if (validation.failed()) {
      return done(PlaceResult.refused(validation.errors()));
    }
    long shipping = request.shippingPriceMinor() == null ? 0 : request.shippingPriceMinor();
    long total = subtotal - discounts + shipping + tax;

    // Routing: the reservation's units count as available where they are held.
    Map<Long, Integer> held = new HashMap<>();
    reservation.lines().forEach(line -> held.merge(line.pool().key(), line.quantity(), Integer::sum));
    List<RoutingLocation> locations = channel.locations().stream().map(location -> withOrdersToday(location,
        today.getOrDefault(location.id(), 0))).toList();
    RoutingRequest routingRequest = new RoutingRequest(routingLines, new Destination(request.latitude(),
        request.longitude(), country, region), request.pickupLocationId(), locations, now);
    RoutingDecision decision = routing.route(routingRequest, (variantId, locationId) -> {
      long key = new Pool(variantId, locationId).key();
      StockStore.Counts counts = store.get(key);
      return Math.max(0, counts == null ? 0 : counts.available()) + held.getOrDefault(key, 0);
    });
    if (!decision.routed()) {
      return done(PlaceResult.refused(UserError.of("OUT_OF_STOCK", "no location of the channel can fulfil lines "
          + decision.unroutedLines(), "input", "lines")));
    }
    // Which allocated units the reservation already holds, which must be taken now, which it held in vain.
    Map<Long, Integer> unused = new HashMap<>(held);
    List<PoolUnits> converted = new ArrayList<>();
    List<PoolUnits> withdrawn = new ArrayList<>();
    JsonArray allocations = new JsonArray();
    for (Allocation allocation : decision.allocations()) {
      long key = new Pool(allocation.variantId(), allocation.locationId()).key();
      int fromReservation = Math.min(unused.getOrDefault(key, 0), allocation.quantity());
      int fresh = allocation.quantity() - fromReservation;
      if (fromReservation > 0) {
        unused.merge(key, -fromReservation, Integer::sum);
        converted.add(new PoolUnits(key, fromReservation));
      }
      if (fresh > 0) {
        if (!store.withdraw(key, fresh)) {
          withdrawn.forEach(units -> store.deposit(units.pool(), units.quantity()));
          return done(PlaceResult.refused(UserError.of("OUT_OF_STOCK", "the stock routed to moved meanwhile; retry",
              "input", "lines")));
        }
        withdrawn.add(new PoolUnits(key, fresh));
      }
      allocations.add(new JsonObject().put("line_no", allocation.lineNo()).put("variant_id", allocation.variantId())
          .put("location_id", allocation.locationId()).put("quantity", allocation.quantity())
          .put("from_reservation", fromReservation));
    }
    List<PoolUnits> released = new ArrayList<>();
    JsonArray releasedJson = new JsonArray();
    unused.forEach((key, quantity) -> {
      if (quantity > 0) {
        Pool pool = Pool.ofKey(key);
        released.add(new PoolUnits(key, quantity));
        releasedJson.add(new JsonObject().put("variant_id", pool.variantId()).put("location_id", pool.locationId())
            .put("quantity", quantity));
      }
    });

    ShippingSpeed speed = ShippingSpeed.valueOf(request.shippingSpeed());
    Priority priority = PriorityScore.score(total, CustomerTier.valueOf(tier), request.promisedAt(), speed, now,
        channel.weights());
    boolean paid = request.paid();
    JsonObject order = new JsonObject()
        .put("channel_id", channel.id())
        .put("customer", new JsonObject().put("email", request.customer().email())
            .put("name", request.customer().name()).put("phone", request.customer().phone()))
        .put("customer_ref", reservation.customerRef() != null ? reservation.customerRef() : customerRef(request))
        .put("status", paid ? "CONFIRMED" : "PENDING")
        .put("payment_status", paid ? "PAID" : "UNPAID")
        .put("pay_by", paid ? null : now.plusSeconds(60L * channel.unpaidTtlMinutes()).toString())
        .put("shipping_address", PgOrderRepository.json(request.shippingAddress()))
        .put("billing_address", PgOrderRepository.json(request.billingAddress()))
        .put("shipping_method", request.shippingMethod())
        .put("shipping_speed", speed.name())
        .put("pickup_location_id", request.pickupLocationId())
        .put("external_reference", request.externalReference())
        .put("currency_code", currency)
        .put("subtotal", subtotal).put("discount", discounts).put("shipping", shipping).put("tax", tax)
        .put("total", total)
        .put("promised_at", request.promisedAt() == null ? null : request.promisedAt().toString())
        .put("priority", priority.score())
        .put("priority_explained", priority.explanation())
        .put("routing", routingJson(decision))
        .put("reservation_id", reservation.id())
        .put("source", request.source() == null ? "CHECKOUT" : request.source())
        .put("note", request.note())
        .put("key_owner", idempotency == null ? null : idempotency.owner())
        .put("idempotency_key", idempotency == null ? null : idempotency.key())
        .put("actor", caller.actorName())
        .put("lines", lines)
        .put("allocations", allocations)
        .put("released", releasedJson);
    return journal.place(order, reservation.id(), converted, withdrawn, released)
        .compose(outcome -> answer(outcome));
  }

  private Future<PlaceResult> answer(PlaceOutcome outcome) {
    switch (outcome.outcome()) {
      case "PLACED":
      case "REPLAYED":
        return orders.byId(outcome.orderId()).map(order -> new PlaceResult(order.orElseThrow(), null, List.of()));
      case "DUPLICATE":
        return done(duplicateOf(outcome.orderId()));
      case "RESERVATION_NOT_ACTIVE":
        return done(PlaceResult.refused(UserError.of("INVALID_STATE", "the reservation is no longer active", "input",
            "reservationId")));
      default:
        return Future.failedFuture(new io.surge.graphql.ApiException(io.surge.graphql.ErrorCode.UNAVAILABLE,
            "the order conflicted with another being placed at the same time; retry", Map.of("retryable", true)));
    }
  }

  private static PlaceResult duplicateOf(long existingId) {
    return new PlaceResult(null, existingId, List.of(UserError.of("DUPLICATE",
        "an order with this external reference exists on this channel: " + io.surge.graphql.GlobalId.encode("Order",
            existingId), "input", "externalReference")));
  }

  private static JsonObject routingJson(RoutingDecision decision) {
    JsonArray candidates = new JsonArray();
    for (Candidate candidate : decision.candidates()) {
      candidates.add(new JsonObject().put("locationId", candidate.locationId()).put("code", candidate.code())
          .put("score", candidate.score()).put("distanceKm", candidate.distanceKm())
          .put("capacityFull", candidate.capacityFull()).put("pastCutoff", candidate.pastCutoff())
          .put("linesCovered", candidate.linesCovered()).put("reason", candidate.reason()));
    }
    JsonArray allocations = new JsonArray();
    decision.allocations().forEach(allocation -> allocations.add(new JsonObject().put("lineNo", allocation.lineNo())
        .put("locationId", allocation.locationId()).put("quantity", allocation.quantity())));
    return new JsonObject().put("routed", decision.routed()).put("reasons", new JsonArray(decision.reasons()))
        .put("candidates", candidates).put("allocations", allocations);
  }

  private static RoutingLocation withOrdersToday(RoutingLocation l, int ordersToday) {
    return new RoutingLocation(l.id(), l.code(), l.latitude(), l.longitude(), l.countryCode(), l.region(), l.ships(),
        l.pickup(), l.active(), l.dailyCapacity(), ordersToday, l.cutoff(), l.zone(), l.shippingCostMinor());
  }

  private static boolean sameLines(List<PlaceOrderRequest.Line> asked, List<ReservationLine> held) {
    if (asked.size() != held.size()) {
      return false;
    }
    Map<String, Integer> heldBySku = new HashMap<>();
    held.forEach(line -> heldBySku.merge(line.sku(), line.quantity(), Integer::sum));
    for (PlaceOrderRequest.Line line : asked) {
      if (!Integer.valueOf(line.quantity()).equals(heldBySku.get(line.sku()))) {
        return false;
      }
    }
    return true;
  }

  /** Per-customer limits count by this reference: the e-mail, case-folded. */
  private static String customerRef(PlaceOrderRequest request) {
    return request.customer().email().toLowerCase(Locale.ROOT);
  }

  /** Why the caller cannot place on this channel (none named, or not the key's), or null. */
  private static UserError channelRefusal(Principal caller, Long channelId) {
    if (channelId == null) {
      return UserError.of("REQUIRED", "give the channel to place the order on", "input", "channelId");
    }
    return caller.canActFor(channelId) ? null : UserError.notFound("no such channel", "input", "channelId");
  }

  private static <T> Future<T> done(T value) {
    return Future.succeededFuture(value);
  }
}
