package io.surge.inventory.hotstore;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import net.openhft.chronicle.hash.impl.SizePrefixedBlob;
import net.openhft.chronicle.map.ChronicleMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot store in an off-heap, file-backed Chronicle Map: pool key to both counts packed in one
 * long (available in the high 32 bits, signed; reserved in the low 32 bits), so each change is one
 * atomic {@code compute} under the entry's segment lock. Thread-safe; close it last on shutdown.
 */
public final class ChronicleStockStore implements StockStore {
  private static final Logger log = LoggerFactory.getLogger(ChronicleStockStore.class);
  private final ChronicleMap<Long, Long> map;

  private ChronicleStockStore(ChronicleMap<Long, Long> map) {
    this.map = map;
  }

  /**
   * Creates the store file (the caller removed any old one) sized for {@code expectedPools} with head-room (twice the
   * count, at least 10,000, and room to grow five-fold in extra tiers before failing).
   */
  public static ChronicleStockStore open(Path file, long expectedPools) {
    try {
      Files.createDirectories(file.getParent());
      ChronicleMap<Long, Long> map = ChronicleMap.of(Long.class, Long.class)
          .name("surge-stock")
          .entries(Math.max(10_000, expectedPools * 2))
          .maxBloatFactor(5.0)
          .createPersistedTo(file.toFile());
      return new ChronicleStockStore(map);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the hot store at " + file, e);
    }
  }

  /**
   * Reads whatever a store file holds, for reconciliation; empty when there is no file or it
   * cannot be read (a corrupt file is then rebuilt from PostgreSQL).
   */
  public static Map<Long, Counts> readExisting(Path file) {
    File f = file.toFile();
    if (!f.exists()) {
      return Map.of();
    }
    String damage = headerDamage(file);
    if (damage != null) {
      log.warn("hot store file {} is unreadable ({}); it will be rebuilt from PostgreSQL", file, damage);
      return Map.of();
    }
    try (ChronicleMap<Long, Long> old = ChronicleMap.of(Long.class, Long.class)
        .name("surge-stock").entries(10_000).maxBloatFactor(5.0).recoverPersistedTo(f, false)) {
      Map<Long, Counts> copy = new HashMap<>();
      old.forEach((key, value) -> copy.put(key, unpack(value)));
      return copy;
    } catch (Exception | Error e) {
      log.warn("hot store file {} is unreadable ({}); it will be rebuilt from PostgreSQL", file, e.toString());
      return Map.of();
    }
  }

  /**
   * Why the file's header cannot be a finished Chronicle Map header, or null when it may be. Chronicle
   * waits a full minute for a header that is not marked ready (another process might still be
   * creating the file), so a garbage or cut-off file would hold up start-up that long.
   */
  private static String headerDamage(Path file) {
    try (var raw = new RandomAccessFile(file.toFile(), "r")) {
      long length = raw.length();
      if (length < SizePrefixedBlob.SELF_BOOTSTRAPPING_HEADER_OFFSET) {
        return "only " + length + " bytes";
      }
      ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      raw.getChannel().read(word, SizePrefixedBlob.SIZE_WORD_OFFSET);
      int sizeWord = word.getInt(0);
      if (!SizePrefixedBlob.isReady(sizeWord)) {
        return "header not marked ready";
      }
      long headerEnd = SizePrefixedBlob.SELF_BOOTSTRAPPING_HEADER_OFFSET + SizePrefixedBlob.extractSize(sizeWord);
      return headerEnd > length ? "header of " + headerEnd + " bytes in a file of " + length : null;
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public boolean reserve(long pool, int quantity) {
    return take(pool, quantity, quantity);
  }

  @Override
  public void unreserve(long pool, int quantity) {
    map.compute(pool, (key, value) -> value == null
        ? pack(quantity, 0)
        : pack(available(value) + quantity, Math.max(0, reserved(value) - quantity)));
  }

  @Override
  public void settle(long pool, int quantity) {
    map.computeIfPresent(pool, (key, value) -> pack(available(value), Math.max(0, reserved(value) - quantity)));
  }

  @Override
  public boolean withdraw(long pool, int quantity) {
    return take(pool, quantity, 0);
  }

  /** Lowers available by {@code quantity} if that much is there, adding {@code toReserved} to reserved. */
  private boolean take(long pool, int quantity, int toReserved) {
    boolean[] done = new boolean[1];
    map.computeIfPresent(pool, (key, value) -> {
      int available = available(value);
      if (available < quantity) {
        return value;
      }
      done[0] = true;
      return pack(available - quantity, reserved(value) + toReserved);
    });
    return done[0];
  }

  @Override
  public void deposit(long pool, int quantity) {
    map.compute(pool, (key, value) -> value == null
        ? pack(quantity, 0)
        : pack(available(value) + quantity, reserved(value)));
  }

  @Override
  public Counts get(long pool) {
    Long value = map.get(pool);
    return value == null ? null : unpack(value);
  }

  @Override
  public void put(long pool, int available, int reserved) {
    map.put(pool, pack(available, reserved));
  }

  @Override
  public void close() {
    map.close();
  }

  static long pack(int available, int reserved) {
    return ((long) available << 32) | (reserved & 0xFFFF_FFFFL);
  }

  static int available(long packed) {
    return (int) (packed >> 32);
  }

  static int reserved(long packed) {
    return (int) packed;
  }

  static Counts unpack(long packed) {
    return new Counts(available(packed), reserved(packed));
  }
}
