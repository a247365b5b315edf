package io.surge.inventory.hotstore;

/**
 * The hot counts of every stock pool, changed atomically per pool: what may still be reserved
 * ({@code available}) and what is reserved. Never the record: PostgreSQL is, and the store is
 * rebuilt from it at start-up. Implementations are thread-safe; every method is a short,
 * non-blocking step safe on an event loop.
 */
public interface StockStore extends AutoCloseable {

  /** The counts of one pool. */
  record Counts(int available, int reserved) {}

  /** Moves {@code quantity} from available to reserved if at least that much is available. */
  boolean reserve(long pool, int quantity);

  /** Moves {@code quantity} back from reserved to available (release, expiry, a failed batch). */
  void unreserve(long pool, int quantity);

  /**
   * Lowers reserved by {@code quantity} without making it available: a reservation's units became
   * allocations of an order (the hot store counts available and reserved, not allocated).
   */
  void settle(long pool, int quantity);

  /** Lowers available by {@code quantity} if at least that much is available (on-hand taken out). */
  boolean withdraw(long pool, int quantity);

  /** Raises available by {@code quantity} (stock received, or a withdrawal undone). */
  void deposit(long pool, int quantity);

  /** Counts of a pool, or null when the store does not know it. */
  Counts get(long pool);

  /** Sets a pool's counts outright: start-up rebuild, and pools created by stock operations. */
  void put(long pool, int available, int reserved);

  @Override
  void close();

  /**
   * Reserves every line or none: lines are taken one by one and the taken ones given back on
   * the first shortfall (single-pool atomic steps, so no locks are held across pools).
   *
   * @return -1 when all were reserved, else the index of the first line that could not be
   */
  default int reserveAll(long[] pools, int[] quantities) {
    for (int i = 0; i < pools.length; i++) {
      if (!reserve(pools[i], quantities[i])) {
        for (int j = 0; j < i; j++) {
          unreserve(pools[j], quantities[j]);
        }
        return i;
      }
    }
    return -1;
  }
}
