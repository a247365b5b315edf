package io.surge.inventory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.common.CallerFutures;
import io.surge.inventory.persistence.PgReservationRepository;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Units each customer holds per variant, for the per-customer flash-sale limit. Loaded from the
 * active reservations on first use, then kept in step by every reservation made and ended on this
 * node, so concurrent requests of one customer cannot pass the limit together. Exact on one
 * node; across several nodes each loads the shared record but counts its own in-flight requests.
 * Thread-safe.
 */
final class CustomerQuotas {
  private final PgReservationRepository reservations;
  private final Cache<String, Future<AtomicInteger>> held = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(30))
      .maximumSize(1_000_000)
      .build();

  CustomerQuotas(PgReservationRepository reservations) {
    this.reservations = reservations;
  }

  /** Takes {@code quantity} of the customer's allowance if it stays within {@code max}. */
  Future<Boolean> tryTake(String customerRef, long variantId, int quantity, int max) {
    String key = key(customerRef, variantId);
    Future<AtomicInteger> counter = held.asMap().computeIfAbsent(key, k ->
        reservations.activeUnitsForCustomer(customerRef, variantId).map(AtomicInteger::new));
    return CallerFutures.onCaller(counter)
        .onFailure(failure -> held.invalidate(key))
        .map(units -> {
          while (true) {
            int current = units.get();
            if (current + quantity > max) {
              return false;
            }
            if (units.compareAndSet(current, current + quantity)) {
              return true;
            }
          }
        });
  }

  /** Gives units back: the reservation ended or was never made. */
  void giveBack(String customerRef, long variantId, int quantity) {
    Future<AtomicInteger> counter = held.getIfPresent(key(customerRef, variantId));
    if (counter != null && counter.succeeded()) {
      counter.result().addAndGet(-quantity);
    }
  }

  /** Counts units held again, limit or not: a reservation thought failed was stored after all. */
  void takeBack(String customerRef, long variantId, int quantity) {
    Future<AtomicInteger> counter = held.getIfPresent(key(customerRef, variantId));
    if (counter != null && counter.succeeded()) {
      counter.result().addAndGet(quantity);
    }
  }

  private static String key(String customerRef, long variantId) {
    return variantId + ":" + customerRef;
  }
}
