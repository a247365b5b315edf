package io.surge.orders;

import io.surge.access.domain.Principal;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.graphql.GlobalId;
import io.surge.inventory.ReservationService.IdempotencyKey;
import io.surge.orders.OrderPlacement.PlaceResult;
import io.surge.orders.domain.DraftFields;
import io.surge.orders.domain.DraftOrder;
import io.surge.orders.domain.DraftOrderStatus;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.PlaceOrderRequest;
import io.surge.orders.domain.PricedDraft;
import io.surge.orders.persistence.PgDraftOrderRepository;
import io.surge.orders.persistence.PgOrderDirectory;
import io.surge.orders.persistence.PgOrderDirectory.OrderChannel;
import io.surge.orders.persistence.PgOrderDirectory.OrderVariant;
import io.surge.orders.persistence.PgOrderRepository;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Staff draft orders: made, edited and deleted freely while OPEN, without touching stock; the
 * confirmation places a real order through {@link OrderPlacement} (source DRAFT) and links it,
 * which COMPLETES the draft for good. A confirmation claims the draft first, so edits and a second
 * confirmation wait; it places with an idempotency key of the draft and its version, so confirming
 * again after a crash finds the order the first attempt placed instead of placing another.
 * Futures all the way; thread-safe.
 */
public final class DraftOrderService {
  /** A claim older than this belongs to a confirmation that died with its node. */
  static final int CLAIM_STALE_SECONDS = 120;
  /** Owner of the confirmations' idempotency keys: no API key has id 0. */
  static final long CONFIRMATION_KEY_OWNER = 0;
  private static final int EDIT_ATTEMPTS = 3;

  private final PgDraftOrderRepository drafts;
  private final PgOrderRepository orders;
  private final PgOrderDirectory directory;
  private final OrderPlacement placement;

  public DraftOrderService(PgDraftOrderRepository drafts, PgOrderRepository orders, PgOrderDirectory directory,
      OrderPlacement placement) {
    this.drafts = drafts;
    this.orders = orders;
    this.directory = directory;
    this.placement = placement;
  }

  /** A confirmed draft and the order placed from it. */
  public record Confirmation(PricedDraft draft, Order order) {}

  public Future<Optional<PricedDraft>> get(long id) {
    return drafts.byId(id).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.empty())
        : priced(List.of(found.get())).map(list -> Optional.of(list.get(0))));
  }

  /** {@code limit} drafts older than draft {@code afterId} (0: the newest), priced with one lookup per currency. */
  public Future<List<PricedDraft>> page(DraftOrderStatus status, long afterId, int limit) {
    return drafts.page(status, afterId, limit).compose(this::priced);
  }

  public Future<Long> count(DraftOrderStatus status) {
    return drafts.count(status);
  }

  public Future<Outcome<PricedDraft>> create(Principal caller, DraftFields fields) {
    Validation validation = shape(fields);
    if (validation.failed()) {
      return refused(validation.errors());
    }
    return directory.channel(fields.channelId()).compose(channel -> {
      if (channel.isEmpty() || !channel.get().active()) {
        return refused(List.of(UserError.notFound("no such channel", "input", "channelId")));
      }
      String currency = channel.get().currency();
      return againstCatalogue(fields, channel.get(), currency).compose(errors -> errors.isEmpty()
          ? drafts.insert(fields, currency, caller.actorName()).compose(this::found)
          : refused(errors));
    });
  }

  /**
   * Applies {@code edit} to the draft's fields and saves the result, if the draft is OPEN and not
   * being confirmed. An edit that raced another is made again from the fresh draft.
   */
  public Future<Outcome<PricedDraft>> update(long id, UnaryOperator<DraftFields> edit) {
    return update(id, edit, 1);
  }

  private Future<Outcome<PricedDraft>> update(long id, UnaryOperator<DraftFields> edit, int attempt) {
    return drafts.byId(id).compose(found -> {
      if (found.isEmpty()) {
        return refused(List.of(UserError.notFound("no such draft order", "input", "id")));
      }
      DraftOrder draft = found.get();
      UserError locked = notEditable(draft, "id");
      if (locked != null) {
        return refused(List.of(locked));
      }
      DraftFields fields = edit.apply(draft.fields());
      Validation validation = shape(fields);
      if (validation.failed()) {
        return refused(validation.errors());
      }
      return directory.channel(fields.channelId()).compose(channel -> {
        if (channel.isEmpty() || !channel.get().active()) {
          return refused(List.of(UserError.notFound("no such channel", "input", "channelId")));
        }
        // A draft keeps its currency unless it moves to another channel.
        String currency = fields.channelId() == draft.fields().channelId() ? draft.currency()
            : channel.get().currency();
        return againstCatalogue(fields, channel.get(), currency).compose(errors -> {
          if (!errors.isEmpty()) {
            return refused(errors);
          }
          return drafts.update(id, draft.version(), fields, currency).compose(saved -> {
            if (saved) {
              return found(id);
            }
            return attempt < EDIT_ATTEMPTS ? update(id, edit, attempt + 1)
                : refused(List.of(UserError.of("COMPARE_FAILED", "the draft kept changing meanwhile; try again",
                    "input", "id")));
          });
        });
      });
    });
  }

  public Future<Outcome<Long>> delete(long id) {
    return drafts.byId(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Outcome.refused(UserError.notFound("no such draft order", "input",
            "draftOrderId")));
      }
      UserError locked = notEditable(found.get(), "draftOrderId");
      if (locked != null) {
        return Future.succeededFuture(Outcome.refused(locked));
      }
      return drafts.delete(id).compose(deleted -> deleted ? Future.succeededFuture(Outcome.ok(id))
          : drafts.byId(id).map(now -> Outcome.<Long>refused(now.isEmpty()
              ? UserError.notFound("no such draft order", "input", "draftOrderId")
              : busy(now.get(), "draftOrderId"))));
    });
  }

  /**
   * Places the draft as an order. Refusals come back as the placement gives them (their field
   * paths name the draft's fields) and leave the draft OPEN and editable.
   */
  public Future<Outcome<Confirmation>> confirm(Principal caller, long id, boolean paid) {
    return drafts.claim(id, CLAIM_STALE_SECONDS).compose(claimed -> drafts.byId(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Outcome.refused(UserError.notFound("no such draft order", "input",
            "draftOrderId")));
      }
      if (!claimed) {
        return Future.succeededFuture(Outcome.refused(busy(found.get(), "draftOrderId")));
      }
      return place(caller, found.get(), paid);
    }));
  }

  private Future<Outcome<Confirmation>> place(Principal caller, DraftOrder draft, boolean paid) {
    IdempotencyKey key = new IdempotencyKey(CONFIRMATION_KEY_OWNER, "draft-order:" + draft.id() + ":"
        + draft.version());
    PlaceOrderRequest request = draft.fields().toOrder(draft.currency(), paid);
    return placement.place(caller, request, key).compose(
        (PlaceResult result) -> result.order() != null
            ? completed(draft.id(), result.order())
            : drafts.unclaim(draft.id()).map(v -> Outcome.<Confirmation>refused(result.userErrors())),
        // The placement may have committed before it failed: settle the draft by what is stored.
        failure -> orders.idByIdempotencyKey(key.owner(), key.key())
            .compose(placed -> placed.isPresent() ? drafts.complete(draft.id(), placed.get())
                : drafts.unclaim(draft.id()))
            .transform(settled -> Future.failedFuture(failure)));
  }

  private Future<Outcome<Confirmation>> completed(long draftId, Order order) {
    return drafts.complete(draftId, order.id()).compose(v -> get(draftId))
        .map(draft -> Outcome.ok(new Confirmation(draft.orElseThrow(), order)));
  }

  /** Why the draft cannot change now, or null when it can. */
  private static UserError notEditable(DraftOrder draft, String idField) {
    if (draft.status() == DraftOrderStatus.COMPLETED) {
      return UserError.of("INVALID_STATE", "the draft order was confirmed (order "
          + GlobalId.encode("Order", draft.orderId()) + ") and cannot change", "input", idField);
    }
    if (draft.confirmingSince() != null) {
      return UserError.of("INVALID_STATE", "the draft order is being confirmed", "input", idField);
    }
    return null;
  }

  /** Why a change that lost a race was not made. */
  private static UserError busy(DraftOrder draft, String idField) {
    UserError why = notEditable(draft, idField);
    return why != null ? why
        : UserError.of("INVALID_STATE", "the draft order was being confirmed; try again", "input", idField);
  }

  /** A draft's shape: what is given must be well formed; nothing is required yet but the channel. */
  private static Validation shape(DraftFields fields) {
    Validation validation = new Validation();
    PlaceOrderRules.lines(validation, fields.lines());
    if (fields.customer() != null) {
      PlaceOrderRules.customer(validation, fields.customer());
    }
    PlaceOrderRules.details(validation, fields.shippingAddress(), fields.billingAddress(), fields.shippingMethod(),
        fields.note(), fields.shippingPriceMinor());
    return validation;
  }

  /** The channel, currency and catalogue checks: known SKUs, discounts in the currency and within the price. */
  private Future<List<UserError>> againstCatalogue(DraftFields fields, OrderChannel channel, String currency) {
    List<UserError> errors = new ArrayList<>();
    if (fields.pickupLocationId() != null && !channel.serves(fields.pickupLocationId())) {
      errors.add(UserError.invalid("this location does not serve the channel", "input", "pickupLocationId"));
    }
    if (fields.shippingPriceCurrency() != null && !fields.shippingPriceCurrency().equals(currency)) {
      errors.add(UserError.invalid("the shipping price must be in " + currency, "input", "shippingPrice"));
    }
    List<String> skus = fields.lines().stream().map(PlaceOrderRequest.Line::sku).toList();
    Future<Map<String, OrderVariant>> variants = skus.isEmpty() ? Future.succeededFuture(Map.of())
        : directory.variants(skus, currency);
    return variants.map(found -> {
      for (int i = 0; i < fields.lines().size(); i++) {
        PlaceOrderRequest.Line line = fields.lines().get(i);
        String index = Integer.toString(i);
        OrderVariant variant = found.get(line.sku());
        if (variant == null) {
          errors.add(UserError.notFound("no variant with SKU " + line.sku(), "input", "lines", index, "sku"));
        } else if (line.discountCurrency() != null && !line.discountCurrency().equals(currency)) {
          errors.add(UserError.invalid("discounts must be in " + currency, "input", "lines", index, "discount"));
        } else if (line.discountMinor() != null && variant.priceMinor() != null
            && line.discountMinor() > Math.multiplyExact(variant.priceMinor(), (long) line.quantity())) {
          errors.add(UserError.invalid("a discount cannot exceed the line's price", "input", "lines", index,
              "discount"));
        }
      }
      return errors;
    });
  }

  /** Prices drafts from the catalogue: one variant lookup per currency, however many drafts. */
  private Future<List<PricedDraft>> priced(List<DraftOrder> list) {
    Map<String, Set<String>> skusByCurrency = new HashMap<>();
    for (DraftOrder draft : list) {
      draft.fields().lines().forEach(line -> skusByCurrency.computeIfAbsent(draft.currency(),
          k -> new LinkedHashSet<>()).add(line.sku()));
    }
    Map<String, Future<Map<String, OrderVariant>>> lookups = new HashMap<>();
    skusByCurrency.forEach((currency, skus) -> lookups.put(currency, directory.variants(skus, currency)));
    return Future.all(new ArrayList<>(lookups.values())).map(all -> {
      List<PricedDraft> priced = new ArrayList<>(list.size());
      for (DraftOrder draft : list) {
        Map<String, OrderVariant> variants = lookups.containsKey(draft.currency())
            ? lookups.get(draft.currency()).result() : Map.of();
        List<PricedDraft.Line> lines = new ArrayList<>();
        for (PlaceOrderRequest.Line line : draft.fields().lines()) {
          OrderVariant variant = variants.get(line.sku());
          lines.add(new PricedDraft.Line(line.sku(), variant == null ? null : variant.title(),
              variant == null ? null : variant.id(), line.quantity(), variant == null ? null : variant.priceMinor(),
              line.discountMinor() == null ? 0 : line.discountMinor(),
              variant != null && variant.active() && variant.priceMinor() != null));
        }
        priced.add(new PricedDraft(draft, lines));
      }
      return priced;
    });
  }

  private Future<Outcome<PricedDraft>> found(long id) {
    return get(id).map(draft -> Outcome.ok(draft.orElseThrow()));
  }

  private static <T> Future<Outcome<T>> refused(List<UserError> errors) {
    return Future.succeededFuture(Outcome.refused(errors));
  }
}
