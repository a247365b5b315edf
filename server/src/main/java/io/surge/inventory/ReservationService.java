package io.surge.inventory;

import io.surge.access.domain.Principal;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.inventory.domain.ChannelStock;
import io.surge.inventory.domain.LocationChoice;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.domain.Reservation;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReservationStatus;
import io.surge.inventory.domain.ReserveRequest;
import io.surge.inventory.domain.SellableVariant;
import io.surge.inventory.hotstore.StockStore;
import io.surge.inventory.persistence.PgReservationRepository;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reservations: all lines or none, taken from the hot store, made durable by the journal before
 * they are answered. Outcomes a buyer can act on (out of stock, a limit, a closed sale) are user
 * errors. Non-blocking; shared by every event loop.
 */
public final class ReservationService {
  public static final int MAX_LINES = 100;
  public static final int MAX_QUANTITY = 1_000_000;

  private final InventoryDirectory directory;
  private final StockStore store;
  private final ReservationJournal journal;
  private final PgReservationRepository reservations;
  private final ReservationIds ids;
  private final CustomerQuotas quotas;
  private final Clock clock;

  public ReservationService(InventoryDirectory directory, StockStore store, ReservationJournal journal,
      PgReservationRepository reservations, Clock clock) {
    this.directory = directory;
    this.store = store;
    this.journal = journal;
    this.reservations = reservations;
    this.ids = new ReservationIds(reservations);
    this.quotas = new CustomerQuotas(reservations);
    this.clock = clock;
  }

  /** A reservation its caller was told had failed is stored after all: its customer holds the units again. */
  public void reinstated(String customerRef, List<ReservationLine> lines) {
    if (customerRef != null) {
      lines.forEach(line -> quotas.takeBack(customerRef, line.variantId(), line.quantity()));
    }
  }

  /** The journal listener that keeps customer allowances in step with ended reservations. */
  public void ended(String customerRef, List<ReservationLine> lines) {
    if (customerRef != null) {
      lines.forEach(line -> quotas.giveBack(customerRef, line.variantId(), line.quantity()));
    }
  }

  /** An idempotency key of the request, when it carried one. */
  public record IdempotencyKey(long owner, String key) {}

  public Future<Outcome<Reservation>> reserve(Principal caller, ReserveRequest request, IdempotencyKey idempotency) {
    if (idempotency != null) {
      // A retry of a request that already reserved gets that reservation, not a second one.
      return reservations.findByIdempotencyKey(idempotency.owner(), idempotency.key())
          .compose(existing -> existing.isPresent()
              ? reservations.find(existing.get()).map(found -> Outcome.ok(found.orElseThrow()))
              : validateAndReserve(caller, request, idempotency));
    }
    return validateAndReserve(caller, request, null);
  }

  private Future<Outcome<Reservation>> validateAndReserve(Principal caller, ReserveRequest request,
      IdempotencyKey idempotency) {
    Validation validation = checkShape(request);
    if (validation.failed()) {
      return refused(validation.errors());
    }
    Long channelId = request.channelId() != null ? request.channelId() : caller.channelId();
    if (channelId == null) {
      return refused(List.of(UserError.of("REQUIRED", "give the channel to reserve for", "input", "channelId")));
    }
    if (!caller.canActFor(channelId)) {
      return refused(List.of(UserError.notFound("no such channel", "input", "channelId")));
    }
    List<String> skus = request.lines().stream().map(ReserveRequest.Line::sku).toList();
    Future<Optional<ChannelStock>> channel = directory.channel(channelId);
    Future<Map<String, SellableVariant>> variants = directory.variants(skus);
    return Future.all(channel, variants).compose(loaded ->
        reserveChecked(request, channel.result().orElse(null), variants.result(), idempotency));
  }

  private static Validation checkShape(ReserveRequest request) {
    Validation validation = new Validation();
    List<ReserveRequest.Line> lines = request.lines();
    validation.check(!lines.isEmpty(), "REQUIRED", "give at least one line", "input", "lines");
    validation.check(lines.size() <= MAX_LINES, "LIMIT_EXCEEDED",
        "at most " + MAX_LINES + " lines per reservation", "input", "lines");
    if (lines.size() > MAX_LINES) {
      return validation;
    }
    Set<String> seen = new HashSet<>();
    String[] path = {"input", "lines"};
    for (int i = 0; i < lines.size(); i++) {
      ReserveRequest.Line line = lines.get(i);
      validation.text(line.sku(), 200, Validation.path(path, i, "sku"));
      validation.check(line.quantity() > 0 && line.quantity() <= MAX_QUANTITY, "INVALID",
          "quantity must be between 1 and " + MAX_QUANTITY, Validation.path(path, i, "quantity"));
      validation.check(line.sku() == null || seen.add(line.sku()), "INVALID",
          "SKU listed twice: give one line per SKU", Validation.path(path, i, "sku"));
    }
    validation.check(request.ttlSeconds() == null || request.ttlSeconds() > 0, "INVALID",
        "ttlSeconds must be positive", "input", "ttlSeconds");
    validation.optionalText(request.customerRef(), 200, "input", "customerRef");
    return validation;
  }

  private Future<Outcome<Reservation>> reserveChecked(ReserveRequest request, ChannelStock channel,
      Map<String, SellableVariant> variants, IdempotencyKey idempotency) {
    if (channel == null || !channel.active()) {
      return refused(List.of(UserError.notFound("no such channel", "input", "channelId")));
    }
    int ttl = request.ttlSeconds() == null ? channel.ttlDefaultSeconds() : request.ttlSeconds();
    if (ttl > channel.ttlMaxSeconds()) {
      return refused(List.of(UserError.of("LIMIT_EXCEEDED",
          "ttlSeconds may be at most " + channel.ttlMaxSeconds() + " on this channel", "input", "ttlSeconds")));
    }
    if (request.locationId() != null && !channel.serves(request.locationId())) {
      return refused(List.of(UserError.invalid("this location does not serve the channel", "input", "locationId")));
    }
    Instant now = clock.instant();
    Validation validation = new Validation();
    List<SellableVariant> resolved = new ArrayList<>();
    String[] path = {"input", "lines"};
    for (int i = 0; i < request.lines().size(); i++) {
      ReserveRequest.Line line = request.lines().get(i);
      SellableVariant variant = variants.get(line.sku());
      resolved.add(variant);
      if (variant == null) {
        validation.add(UserError.notFound("no variant has this SKU", Validation.path(path, i, "sku")));
      } else if (!variant.active() || !variant.rules().onSaleAt(now)) {
        validation.add(UserError.of("NOT_ON_SALE", "not on sale now", Validation.path(path, i, "sku")));
      } else if (variant.rules().maxPerReservation() != null && line.quantity() > variant.rules().maxPerReservation()) {
        validation.add(UserError.of("LIMIT_EXCEEDED", "at most " + variant.rules().maxPerReservation()
            + " per reservation", Validation.path(path, i, "quantity")));
      } else if (variant.rules().maxPerCustomer() != null && request.customerRef() == null) {
        validation.add(UserError.of("REQUIRED", "this SKU is limited per customer: give customerRef",
            "input", "customerRef"));
      }
    }
    if (validation.failed()) {
      return refused(validation.errors());
    }
    return takeAllowances(request, resolved, 0).compose(refusal -> refusal != null
        ? refused(List.of(refusal))
        : take(request, channel, resolved, ttl, now, idempotency));
  }

  /** Takes each limited line's per-customer allowance, giving back what was taken on a refusal. */
  private Future<UserError> takeAllowances(ReserveRequest request, List<SellableVariant> variants, int index) {
    if (index == variants.size()) {
      return Future.succeededFuture();
    }
    SellableVariant variant = variants.get(index);
    Integer max = variant.rules().maxPerCustomer();
    if (max == null) {
      return takeAllowances(request, variants, index + 1);
    }
    int quantity = request.lines().get(index).quantity();
    return quotas.tryTake(request.customerRef(), variant.id(), quantity, max).compose(taken -> {
      if (!taken) {
        giveBackAllowances(request, variants, index);
        return Future.succeededFuture(UserError.of("LIMIT_EXCEEDED", "at most " + max
            + " per customer", "input", "lines", Integer.toString(index), "quantity"));
      }
      return takeAllowances(request, variants, index + 1).onSuccess(refusal -> {
        if (refusal != null) {
          quotas.giveBack(request.customerRef(), variant.id(), quantity);
        }
      });
    });
  }

  private void giveBackAllowances(ReserveRequest request, List<SellableVariant> variants, int upTo) {
    for (int i = 0; i < upTo; i++) {
      if (variants.get(i).rules().maxPerCustomer() != null) {
        quotas.giveBack(request.customerRef(), variants.get(i).id(), request.lines().get(i).quantity());
      }
    }
  }

  private Future<Outcome<Reservation>> take(ReserveRequest request, ChannelStock channel,
      List<SellableVariant> variants, int ttl, Instant now, IdempotencyKey idempotency) {
    List<ReservationLine> lines = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      SellableVariant variant = variants.get(i);
      int quantity = request.lines().get(i).quantity();
      List<Long> candidates = request.locationId() != null
          ? List.of(request.locationId())
          : LocationChoice.candidates(channel, request.destination(),
              location -> available(new Pool(variant.id(), location)));
      ReservationLine taken = null;
      for (long location : candidates) {
        if (store.reserve(new Pool(variant.id(), location).key(), quantity)) {
          taken = new ReservationLine(i + 1, variant.id(), variant.sku(), location, quantity);
          break;
        }
      }
      if (taken == null) {
        lines.forEach(line -> store.unreserve(line.pool().key(), line.quantity()));
        giveBackAllowances(request, variants, variants.size());
        return refused(List.of(UserError.of("OUT_OF_STOCK", "not enough available",
            "input", "lines", Integer.toString(i), "quantity")));
      }
      lines.add(taken);
    }
    Instant expiresAt = now.plusSeconds(ttl);
    return ids.next()
        .compose(id -> journal.reserve(id, channel.id(), request.customerRef(), expiresAt,
                idempotency == null ? null : idempotency.owner(), idempotency == null ? null : idempotency.key(), lines)
            .map(done -> Outcome.ok(new Reservation(id, channel.id(), request.customerRef(),
                ReservationStatus.ACTIVE, expiresAt, now, lines))))
        .onFailure(failure -> giveBackAllowances(request, variants, variants.size()))
        .recover(failure -> {
          if (failure instanceof io.surge.graphql.ApiException) {
            return Future.failedFuture(failure);
          }
          // The id block could not be fetched: nothing reached the journal, so give the units back.
          lines.forEach(line -> store.unreserve(line.pool().key(), line.quantity()));
          return Future.failedFuture(failure);
        });
  }

  private int available(Pool pool) {
    StockStore.Counts counts = store.get(pool.key());
    return counts == null ? 0 : counts.available();
  }

  /** Moves an active reservation's expiry to {@code ttlSeconds} from now, within the channel's maximum. */
  public Future<Outcome<Reservation>> extend(Principal caller, long id, Integer ttlSeconds) {
    return visible(caller, id).compose(found -> {
      if (found.isEmpty()) {
        return refused(List.of(UserError.notFound("no such reservation", "input", "id")));
      }
      Reservation reservation = found.get();
      return directory.channel(reservation.channelId()).compose(channel -> {
        ChannelStock settings = channel.orElseThrow();
        int ttl = ttlSeconds == null ? settings.ttlDefaultSeconds() : ttlSeconds;
        if (ttl <= 0 || ttl > settings.ttlMaxSeconds()) {
          return refused(List.of(UserError.of("LIMIT_EXCEEDED",
              "ttlSeconds must be between 1 and " + settings.ttlMaxSeconds(), "input", "ttlSeconds")));
        }
        Instant expiresAt = clock.instant().plusSeconds(ttl);
        return journal.extend(id, expiresAt).map(active -> active
            ? Outcome.ok(reservation.withExpiry(expiresAt))
            : Outcome.refused(UserError.of("INVALID_STATE", "the reservation is not active", "input", "id")));
      });
    });
  }

  /** Gives an active reservation's units back. */
  public Future<Outcome<Reservation>> release(Principal caller, long id) {
    return visible(caller, id).compose(found -> {
      if (found.isEmpty()) {
        return refused(List.of(UserError.notFound("no such reservation", "input", "id")));
      }
      return journal.end(id, ReservationStatus.RELEASED).map(lines -> lines.isEmpty()
          ? Outcome.refused(UserError.of("INVALID_STATE", "the reservation is not active", "input", "id"))
          : Outcome.ok(found.get().withStatus(ReservationStatus.RELEASED)));
    });
  }

  /** The reservation, if it exists and the caller may see it (a CHANNEL key: its channel's only). */
  public Future<Optional<Reservation>> visible(Principal caller, long id) {
    return reservations.find(id).map(found -> found.filter(r -> caller.canActFor(r.channelId())));
  }

  private static <T> Future<Outcome<T>> refused(List<UserError> errors) {
    return Future.succeededFuture(Outcome.refused(errors));
  }
}
