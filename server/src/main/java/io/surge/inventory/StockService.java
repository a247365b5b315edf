package io.surge.inventory;

import io.surge.access.domain.Principal;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.domain.SellableVariant;
import io.surge.inventory.domain.StockLevel;
import io.surge.inventory.domain.StockTransfer;
import io.surge.inventory.hotstore.StockStore;
import io.surge.inventory.persistence.PgStockRepository;
import io.surge.locations.persistence.PgLocationRepository;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Staff stock operations: receive, adjust with a reason, set on hand with compare-and-set,
 * transfer, safety stock. Each runs as an exclusive journal task (never inside a reservation
 * batch) and keeps the hot store, the stock row and the ledger in step: units leaving are taken
 * from the hot store first (so no reservation can take them meanwhile) and given back if the
 * write fails; units arriving reach the hot store only after they are committed.
 */
public final class StockService {
  /** Why on hand was adjusted. */
  public enum AdjustReason { CYCLE_COUNT, DAMAGE, SHRINKAGE, CORRECTION, RETURN, OTHER }

  private static final int MAX_UNITS = 10_000_000;

  private final InventoryDirectory directory;
  private final StockStore store;
  private final ReservationJournal journal;
  private final PgStockRepository stock;
  private final PgLocationRepository locations;
  private final Consumer<Set<Pool>> changed;

  public StockService(InventoryDirectory directory, StockStore store, ReservationJournal journal,
      PgStockRepository stock, PgLocationRepository locations, Consumer<Set<Pool>> changed) {
    this.directory = directory;
    this.store = store;
    this.journal = journal;
    this.stock = stock;
    this.locations = locations;
    this.changed = changed;
  }

  public Future<Outcome<StockLevel>> receive(Principal actor, String sku, long locationId, int quantity,
      String reference) {
    if (quantity <= 0 || quantity > MAX_UNITS) {
      return refused(UserError.invalid("quantity must be between 1 and " + MAX_UNITS, "input", "quantity"));
    }
    return withPool(sku, locationId, pool -> changeOnHand(pool, quantity, "RECEIVE", "received", actor, reference));
  }

  public Future<Outcome<StockLevel>> adjust(Principal actor, String sku, long locationId, int delta,
      AdjustReason reason, String note) {
    if (delta == 0 || Math.abs((long) delta) > MAX_UNITS) {
      return refused(UserError.invalid("delta must be non-zero and at most " + MAX_UNITS + " either way",
          "input", "delta"));
    }
    String why = note == null ? reason.name() : reason.name() + ": " + note;
    return withPool(sku, locationId, pool -> changeOnHand(pool, delta, "ADJUST", why, actor, null));
  }

  /** Sets on hand to {@code onHand} only if it is {@code expected} now (compare-and-set). */
  public Future<Outcome<StockLevel>> setOnHand(Principal actor, String sku, long locationId, int onHand,
      int expected, String reason) {
    if (onHand < 0 || onHand > MAX_UNITS) {
      return refused(UserError.invalid("onHand must be between 0 and " + MAX_UNITS, "input", "onHand"));
    }
    return withPool(sku, locationId, pool -> stock.level(pool.variantId(), pool.locationId()).compose(level -> {
      int current = level.map(StockLevel::onHand).orElse(0);
      if (current != expected) {
        return refused(UserError.of("COMPARE_FAILED", "on hand is " + current + ", not " + expected,
            "input", "expectedOnHand"));
      }
      if (onHand == current) {
        return Future.succeededFuture(Outcome.ok(level.orElse(new StockLevel(pool.variantId(),
            pool.locationId(), 0, 0, 0, 0, 0))));
      }
      return changeOnHand(pool, onHand - current, "SET", reason == null ? "set" : reason, actor, null);
    }));
  }

  public Future<Outcome<StockLevel>> setSafetyStock(Principal actor, String sku, long locationId, int safetyStock) {
    if (safetyStock < 0 || safetyStock > MAX_UNITS) {
      return refused(UserError.invalid("safetyStock must be between 0 and " + MAX_UNITS, "input", "safetyStock"));
    }
    return withPool(sku, locationId, pool -> stock.level(pool.variantId(), pool.locationId())
        .compose(before -> stock.setSafetyStock(pool.variantId(), pool.locationId(), safetyStock, actor.actorName())
            .map(after -> {
              // Safety stock is a buffer, not a promise: lowering sellable may take it below zero.
              int raise = after.safetyStock() - before.map(StockLevel::safetyStock).orElse(0);
              if (store.get(pool.key()) == null) {
                store.put(pool.key(), after.sellable(), after.reserved());
              } else {
                store.deposit(pool.key(), -raise);
              }
              changed.accept(Set.of(pool));
              return Outcome.ok(after);
            })));
  }

  /** Sends units from one location to another: out of the source now, in at the target on receipt. */
  public Future<Outcome<StockTransfer>> transfer(Principal actor, String sku, long from, long to, int quantity) {
    if (quantity <= 0 || quantity > MAX_UNITS) {
      return refused(UserError.invalid("quantity must be between 1 and " + MAX_UNITS, "input", "quantity"));
    }
    if (from == to) {
      return refused(UserError.invalid("source and target are the same location", "input", "toLocationId"));
    }
    return locations.findByIds(Set.of(from, to)).compose(found -> {
      if (!found.containsKey(to)) {
        return refused(UserError.notFound("no such location", "input", "toLocationId"));
      }
      return withPool(sku, from, pool -> {
        if (!store.withdraw(pool.key(), quantity)) {
          return refused(UserError.of("INSUFFICIENT_STOCK", "not that many unpromised units at the source",
              "input", "quantity"));
        }
        return stock.startTransfer(pool.variantId(), from, to, quantity, actor.actorName())
            .compose(id -> id.isEmpty()
                ? Future.failedFuture(new IllegalStateException("no stock row at the source"))
                : stock.transfer(id.get()))
            .map(transfer -> {
              changed.accept(Set.of(pool));
              return Outcome.ok(transfer.orElseThrow());
            })
            .onFailure(failure -> store.deposit(pool.key(), quantity));
      });
    });
  }

  public Future<Outcome<StockTransfer>> receiveTransfer(Principal actor, long transferId) {
    return journal.exclusive(() -> stock.receiveTransfer(transferId, actor.actorName()).compose(received -> {
      if (received.isEmpty()) {
        return refused(UserError.of("INVALID_STATE", "no transfer in transit with this id", "input", "transferId"));
      }
      StockTransfer transfer = received.get();
      Pool pool = new Pool(transfer.variantId(), transfer.toLocationId());
      return stock.level(pool.variantId(), pool.locationId()).map(level -> {
        depositCommitted(pool, transfer.quantity(), level.orElseThrow());
        changed.accept(Set.of(pool));
        return Outcome.ok(transfer);
      });
    }));
  }

  /** Applies a committed on-hand change: units leaving were withdrawn before; arriving ones go in now. */
  private Future<Outcome<StockLevel>> changeOnHand(Pool pool, int delta, String kind, String reason,
      Principal actor, String reference) {
    if (delta < 0 && !store.withdraw(pool.key(), -delta)) {
      return refused(UserError.of("INSUFFICIENT_STOCK",
          "only units that are not reserved, allocated or safety stock can be taken out", "input", "delta"));
    }
    return stock.changeOnHand(pool.variantId(), pool.locationId(), delta, kind, reason, actor.actorName(), reference)
        .map(level -> {
          if (delta > 0) {
            depositCommitted(pool, delta, level);
          }
          changed.accept(Set.of(pool));
          return Outcome.ok(level);
        })
        .onFailure(failure -> {
          if (delta < 0) {
            store.deposit(pool.key(), -delta);
          }
        });
  }

  /**
   * Adds committed units to the hot store. A pool the store does not know yet takes the committed
   * row as it is: nothing can have reserved from it, and stock operations run one at a time.
   */
  private void depositCommitted(Pool pool, int quantity, StockLevel committed) {
    if (store.get(pool.key()) == null) {
      store.put(pool.key(), committed.sellable(), committed.reserved());
    } else {
      store.deposit(pool.key(), quantity);
    }
  }

  /** Resolves the SKU and location, then runs {@code operation} as an exclusive journal task. */
  private <T> Future<Outcome<T>> withPool(String sku, long locationId, Function<Pool, Future<Outcome<T>>> operation) {
    Future<java.util.Map<String, SellableVariant>> variant = directory.variants(List.of(sku));
    Future<Optional<io.surge.locations.domain.Location>> location = locations.findById(locationId);
    return Future.all(variant, location).compose(found -> {
      SellableVariant v = variant.result().get(sku);
      if (v == null) {
        return refused(UserError.notFound("no variant has this SKU", "input", "sku"));
      }
      if (location.result().isEmpty()) {
        return refused(UserError.notFound("no such location", "input", "locationId"));
      }
      return journal.exclusive(() -> operation.apply(new Pool(v.id(), locationId)));
    });
  }

  private static <T> Future<Outcome<T>> refused(UserError error) {
    return Future.succeededFuture(Outcome.refused(error));
  }
}
