package io.surge.benchmarks;

import io.surge.inventory.hotstore.StockStore;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline the hot store is measured against: an on-heap {@code ConcurrentHashMap} of pools,
 * each changed under its own monitor. What a straightforward Java service would write; not used
 * by the server.
 */
final class LockingStockStore implements StockStore {
  private static final class Counts {
    int available;
    int reserved;
  }

  private final ConcurrentHashMap<Long, Counts> pools = new ConcurrentHashMap<>();

  @Override
  public boolean reserve(long pool, int quantity) {
    return take(pool, quantity, quantity);
  }

  @Override
  public void unreserve(long pool, int quantity) {
    Counts counts = pools.computeIfAbsent(pool, key -> new Counts());
    synchronized (counts) {
      counts.available += quantity;
      counts.reserved = Math.max(0, counts.reserved - quantity);
    }
  }

  @Override
  public void settle(long pool, int quantity) {
    Counts counts = pools.computeIfAbsent(pool, key -> new Counts());
    synchronized (counts) {
      counts.reserved = Math.max(0, counts.reserved - quantity);
    }
  }

  @Override
  public boolean withdraw(long pool, int quantity) {
    return take(pool, quantity, 0);
  }

  private boolean take(long pool, int quantity, int toReserved) {
    Counts counts = pools.get(pool);
    if (counts == null) {
      return false;
    }
    synchronized (counts) {
      if (counts.available < quantity) {
        return false;
      }
      counts.available -= quantity;
      counts.reserved += toReserved;
      return true;
    }
  }

  @Override
  public void deposit(long pool, int quantity) {
    Counts counts = pools.computeIfAbsent(pool, key -> new Counts());
    synchronized (counts) {
      counts.available += quantity;
    }
  }

  @Override
  public StockStore.Counts get(long pool) {
    Counts counts = pools.get(pool);
    if (counts == null) {
      return null;
    }
    synchronized (counts) {
      return new StockStore.Counts(counts.available, counts.reserved);
    }
  }

  @Override
  public void put(long pool, int available, int reserved) {
    Counts counts = new Counts();
    counts.available = available;
    counts.reserved = reserved;
    pools.put(pool, counts);
  }

  @Override
  public void close() {
    pools.clear();
  }
}
