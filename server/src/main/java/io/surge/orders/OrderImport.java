package io.surge.orders;

import io.surge.access.domain.Principal;
import io.surge.common.LimitedConcurrency;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.orders.OrderPlacement.PlaceResult;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.PlaceOrderRequest;
import io.surge.orders.persistence.PgOrderDirectory;
import io.surge.orders.persistence.PgOrderRepository;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports orders taken elsewhere (a marketplace, an old system): each is placed like any order,
 * through {@link OrderPlacement} with source IMPORT, {@link #CONCURRENCY} at a time so a thousand
 * orders queue behind the journal instead of flooding it. The external reference makes a
 * re-import idempotent: an order imported before is reported DUPLICATE with its id, neither placed
 * nor failed.
 *
 * <p>Under {@link ErrorPolicy#REJECT_ALL} every order is checked first and nothing is placed if
 * one is refused. Stock can still run out between the check and the placement (it is not held);
 * then the orders this import already placed are cancelled through {@link OrderService#cancel},
 * which gives their units back at once, and their external references are released so the fixed
 * file can be imported again. Futures all the way; thread-safe.
 */
public final class OrderImport {
  private static final Logger log = LoggerFactory.getLogger(OrderImport.class);
  public static final int MAX_ORDERS = 1_000;
  static final int CONCURRENCY = 16;

  /** What to do when some orders are refused. */
  public enum ErrorPolicy { SKIP_INVALID, REJECT_ALL }

  /** What became of one order of an import. */
  public enum ImportOutcome { PLACED, DUPLICATE, FAILED }

  /** One order to import: the request, or why its input could not even be read (a path under its own input). */
  public record Item(String externalReference, PlaceOrderRequest request, UserError unreadable) {}

  /**
   * One order's result; {@code userErrors} paths start at {@code ["input", "orders", index]}.
   *
   * @param order the order placed (after a REJECT_ALL roll-back: cancelled), else null
   * @param existingOrderId for a DUPLICATE: the order imported before
   */
  public record ImportResult(int index, String externalReference, ImportOutcome outcome, Order order,
      Long existingOrderId, List<UserError> userErrors) {}

  /** The results in input order, and refusals of the import as a whole. */
  public record ImportReport(List<ImportResult> results, List<UserError> userErrors) {
    public int placed() {
      return count(ImportOutcome.PLACED);
    }

    public int failed() {
      return count(ImportOutcome.FAILED);
    }

    public int duplicates() {
      return count(ImportOutcome.DUPLICATE);
    }

    private int count(ImportOutcome outcome) {
      return (int) results.stream().filter(result -> result.outcome() == outcome).count();
    }
  }

  private final OrderPlacement placement;
  private final OrderService service;
  private final PgOrderRepository orders;
  private final PgOrderDirectory directory;

  public OrderImport(OrderPlacement placement, OrderService service, PgOrderRepository orders,
      PgOrderDirectory directory) {
    this.placement = placement;
    this.service = service;
    this.orders = orders;
    this.directory = directory;
  }

  /** Imports {@code items} (at most {@link #MAX_ORDERS}; each request names {@code channelId}). */
  public Future<ImportReport> run(Principal caller, long channelId, List<Item> items, ErrorPolicy policy) {
    if (items.size() > MAX_ORDERS) {
      throw new IllegalArgumentException("at most " + MAX_ORDERS + " orders per import");
    }
    Future<Boolean> usable = caller.canActFor(channelId)
        ? directory.channel(channelId).map(found -> found.isPresent() && found.get().active())
        : Future.succeededFuture(false);
    return usable.compose(ok -> {
      if (!ok) {
        UserError error = UserError.notFound("no such channel", "input", "channelId");
        List<ImportResult> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          results.add(failed(i, items.get(i), List.of(error)));
        }
        return Future.succeededFuture(new ImportReport(results, List.of(error)));
      }
      ImportResult[] results = readable(items);
      Future<Void> done = policy == ErrorPolicy.REJECT_ALL ? allOrNothing(caller, items, results)
          : placeEach(caller, items, results);
      return done.map(v -> new ImportReport(List.of(results), List.of()));
    });
  }

  /**
   * Settles what needs no lookup: unreadable inputs, blank references, and a reference given
   * twice in one import (the later ones fail). The others stay null, to be placed.
   */
  private static ImportResult[] readable(List<Item> items) {
    ImportResult[] results = new ImportResult[items.size()];
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      String reference = item.externalReference();
      if (item.unreadable() != null) {
        results[i] = failed(i, item, List.of(at(i, item.unreadable())));
      } else if (reference == null || reference.isBlank()) {
        results[i] = failed(i, item, List.of(at(i, UserError.of("REQUIRED", "give the order's external reference",
            "input", "externalReference"))));
      } else if (first.putIfAbsent(reference, i) != null) {
        results[i] = failed(i, item, List.of(at(i, UserError.invalid("external reference " + reference
            + " is given again in this import (first at index " + first.get(reference) + ")", "input",
            "externalReference"))));
      }
    }
    return results;
  }

  /** SKIP_INVALID: place every readable order; each stands alone. */
  private Future<Void> placeEach(Principal caller, List<Item> items, ImportResult[] results) {
    return LimitedConcurrency.map(pending(results), CONCURRENCY, (k, i) -> place(caller, i, items.get(i))
        .map(result -> results[i] = result)).mapEmpty();
  }

  /** REJECT_ALL: check all, then place all; on a refusal nothing more is placed and what was, is cancelled. */
  private Future<Void> allOrNothing(Principal caller, List<Item> items, ImportResult[] results) {
    return LimitedConcurrency.map(pending(results), CONCURRENCY, (k, i) -> placement.check(caller,
            items.get(i).request()).map(check -> {
              if (check.existingOrderId() != null) {
                results[i] = duplicate(i, items.get(i), check);
              } else if (!check.userErrors().isEmpty()) {
                results[i] = failed(i, items.get(i), prefixed(i, check.userErrors()));
              }
              return i;
            }))
        .compose(checked -> {
          int refused = firstFailed(results);
          if (refused >= 0) {
            rejectPending(items, results, "not placed: the order at index " + refused
                + " was refused and errorPolicy is REJECT_ALL");
            return Future.succeededFuture();
          }
          AtomicInteger firstRefused = new AtomicInteger(-1);
          return LimitedConcurrency.map(pending(results), CONCURRENCY, (k, i) -> {
            if (firstRefused.get() >= 0) {
              return Future.succeededFuture(results[i] = failed(i, items.get(i), List.of(at(i, UserError.of("REJECTED",
                  "not placed: the order at index " + firstRefused.get() + " was refused and errorPolicy is REJECT_ALL",
                  "input")))));
            }
            return place(caller, i, items.get(i)).map(result -> {
              if (result.outcome() == ImportOutcome.FAILED) {
                firstRefused.compareAndSet(-1, i);
              }
              return results[i] = result;
            });
          }).compose(placed -> firstRefused.get() < 0 ? Future.succeededFuture()
              : rollBack(caller, items, results, firstRefused.get()));
        });
  }

  /** Cancels the orders this import placed, gives their units back and frees their references. */
  private Future<Void> rollBack(Principal caller, List<Item> items, ImportResult[] results, int refused) {
    List<Integer> placed = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i].outcome() == ImportOutcome.PLACED) {
        placed.add(i);
      }
    }
    return LimitedConcurrency.map(placed, CONCURRENCY, (k, i) -> {
      ImportResult result = results[i];
      String reason = "import rolled back: the order at index " + refused + " was refused; external reference "
          + result.externalReference() + " released";
      return service.cancel(caller, result.order().id(), null, reason)
          .compose(cancelled -> cancelled.isOk()
              ? orders.releaseExternalReference(cancelled.value().id()).map(cancelled)
              : Future.succeededFuture(cancelled))
          .map(cancelled -> results[i] = rolledBack(result, cancelled, refused))
          .otherwise(failure -> {
            log.warn("import roll-back could not cancel order {}", result.order().id(), failure);
            return results[i] = stillPlaced(result, failure.getMessage());
          });
    }).mapEmpty();
  }

  private static ImportResult rolledBack(ImportResult placed, Outcome<Order> cancelled, int refused) {
    if (!cancelled.isOk()) {
      return stillPlaced(placed, cancelled.errors().get(0).message());
    }
    return new ImportResult(placed.index(), placed.externalReference(), ImportOutcome.FAILED, cancelled.value(), null,
        List.of(at(placed.index(), UserError.of("REJECTED", "placed, then cancelled: the order at index " + refused
            + " was refused and errorPolicy is REJECT_ALL", "input"))));
  }

  private static ImportResult stillPlaced(ImportResult placed, String why) {
    return new ImportResult(placed.index(), placed.externalReference(), ImportOutcome.PLACED, placed.order(), null,
        List.of(at(placed.index(), UserError.of("UNAVAILABLE", "placed, and the roll-back could not cancel it ("
            + why + "): cancel it by hand", "input"))));
  }

  /** Places one order; a refusal or a failure becomes its result, never the import's. */
  private Future<ImportResult> place(Principal caller, int index, Item item) {
    return placement.place(caller, item.request(), null).map(result -> {
      if (result.order() != null) {
        return new ImportResult(index, item.externalReference(), ImportOutcome.PLACED, result.order(), null, List.of());
      }
      if (result.existingOrderId() != null) {
        return duplicate(index, item, result);
      }
      return failed(index, item, prefixed(index, result.userErrors()));
    }).otherwise(failure -> {
      String message = failure instanceof ApiException api ? api.getMessage() : "the order could not be placed";
      if (!(failure instanceof ApiException)) {
        log.error("import: placing the order at index {} failed", index, failure);
      }
      return failed(index, item, List.of(at(index, UserError.of("UNAVAILABLE", message + "; importing again is safe",
          "input"))));
    });
  }

  private static void rejectPending(List<Item> items, ImportResult[] results, String message) {
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = failed(i, items.get(i), List.of(at(i, UserError.of("REJECTED", message, "input"))));
      }
    }
  }

  private static List<Integer> pending(ImportResult[] results) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        indexes.add(i);
      }
    }
    return indexes;
  }

  private static int firstFailed(ImportResult[] results) {
    for (int i = 0; i < results.length; i++) {
      if (results[i] != null && results[i].outcome() == ImportOutcome.FAILED) {
        return i;
      }
    }
    return -1;
  }

  private static ImportResult duplicate(int index, Item item, PlaceResult result) {
    return new ImportResult(index, item.externalReference(), ImportOutcome.DUPLICATE, null, result.existingOrderId(),
        prefixed(index, result.userErrors()));
  }

  private static ImportResult failed(int index, Item item, List<UserError> errors) {
    return new ImportResult(index, item.externalReference(), ImportOutcome.FAILED, null, null, errors);
  }

  private static List<UserError> prefixed(int index, List<UserError> errors) {
    return errors.stream().map(error -> at(index, error)).toList();
  }

  /** An error of one order's input, moved under {@code ["input", "orders", index]}. */
  private static UserError at(int index, UserError error) {
    List<String> field = new ArrayList<>(List.of("input", "orders", Integer.toString(index)));
    List<String> own = error.field() == null ? List.of() : error.field();
    field.addAll(!own.isEmpty() && own.get(0).equals("input") ? own.subList(1, own.size()) : own);
    return new UserError(Collections.unmodifiableList(field), error.code(), error.message());
  }
}
