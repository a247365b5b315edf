package io.surge.benchmarks;

import io.surge.inventory.hotstore.ChronicleStockStore;
import io.surge.inventory.hotstore.StockStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot store's reserve-then-release step, which every reservation and its end cost: on one
 * pool from one thread, on one pool from both cores at once (a flash sale on one SKU), on a pool
 * per thread, and for a five-line reservation (all or nothing). {@code store=chronicle} is the
 * server's off-heap store; {@code store=locking} the on-heap ConcurrentHashMap-and-monitor
 * baseline. Time per reserve+release pair.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotStoreBenchmark extends BenchmarkBase {
  private static final int POOLS = 10_000;
  private static final int PLENTY = 1_000_000_000;
  private static final long HOT_POOL = 42;
  private static final long[] FIVE_POOLS = {101, 202, 303, 404, 505};
  private static final int[] FIVE_ONES = {1, 1, 1, 1, 1};

  /** One store shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"chronicle", "locking"})
    public String store;

    StockStore hot;
    private Path dir;
    private final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() throws Exception {
      if (store.equals("chronicle")) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        dir = Files.createTempDirectory(tmp, "surge-hotstore-bench-");
        hot = ChronicleStockStore.open(dir.resolve("stock.dat"), POOLS);
      } else {
        hot = new LockingStockStore();
      }
      for (long pool = 0; pool < POOLS; pool++) {
        hot.put(pool, PLENTY, 0);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      hot.close();
      if (dir != null) {
        Files.deleteIfExists(dir.resolve("stock.dat"));
        Files.deleteIfExists(dir);
      }
    }

    long nextOwnPool() {
      return 1_000 + threads.getAndIncrement();
    }
  }

  /** A pool of this thread's own. */
  @State(Scope.Thread)
  public static class OwnPool {
    long pool;

    @Setup(Level.Trial)
    public void pick(Store store) {
      pool = store.nextOwnPool();
    }
  }

  @Benchmark
  @Threads(1)
  public boolean oneThreadOnePool(Store store) {
    return reserveAndRelease(store.hot, HOT_POOL);
  }

  @Benchmark
  @Group("bothCoresOnePool")
  @GroupThreads(2)
  public boolean bothCoresOnePool(Store store) {
    return reserveAndRelease(store.hot, HOT_POOL);
  }

  @Benchmark
  @Threads(2)
  public boolean bothCoresOwnPools(Store store, OwnPool own) {
    return reserveAndRelease(store.hot, own.pool);
  }

  @Benchmark
  @Threads(1)
  public void fiveLinesOneThread(Store store, Blackhole hole) {
    reserveAndReleaseFive(store.hot, hole);
  }

  @Benchmark
  @Group("fiveLinesBothCores")
  @GroupThreads(2)
  public void fiveLinesBothCores(Store store, Blackhole hole) {
    reserveAndReleaseFive(store.hot, hole);
  }

  /** What a one-line reservation and its end do to the store. */
  private static boolean reserveAndRelease(StockStore hot, long pool) {
    boolean taken = hot.reserve(pool, 1);
    hot.unreserve(pool, 1);
    return taken;
  }

  /** A five-line reservation (all or nothing) and its end. */
  private static void reserveAndReleaseFive(StockStore hot, Blackhole hole) {
    hole.consume(hot.reserveAll(FIVE_POOLS, FIVE_ONES));
    for (long pool : FIVE_POOLS) {
      hot.unreserve(pool, 1);
    }
  }
}
