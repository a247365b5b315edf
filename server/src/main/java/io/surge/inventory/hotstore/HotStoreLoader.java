package io.surge.inventory.hotstore;

import io.surge.infra.pg.PgUrl;
import io.surge.inventory.domain.Pool;
import io.surge.inventory.hotstore.StockStore.Counts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the hot store at start-up and makes it agree with PostgreSQL, which wins: the old file's
 * counts are compared with the stock rows (differences are logged and counted as drift), then the
 * file is rebuilt, sized for the pool count. A missing or corrupt file is simply rebuilt. Blocking
 * (JDBC): runs in start-up, before any verticle.
 */
public final class HotStoreLoader {
  private static final Logger log = LoggerFactory.getLogger(HotStoreLoader.class);

  private HotStoreLoader() {}

  /** The opened store and how many pools had drifted from PostgreSQL. */
  public record Loaded(ChronicleStockStore store, int pools, int drifted) {}

  public static Loaded load(Path file, PgUrl url) throws SQLException {
    boolean hadFile = Files.exists(file);
    Map<Long, Counts> old = ChronicleStockStore.readExisting(file);
    Map<Long, Counts> truth = readStock(url);
    int drifted = hadFile ? drift(old, truth) : 0;
    try {
      Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not replace the hot store file " + file, e);
    }
    ChronicleStockStore store = ChronicleStockStore.open(file, truth.size());
    truth.forEach((key, counts) -> store.put(key, counts.available(), counts.reserved()));
    if (!hadFile) {
      log.info("no hot store file: built from PostgreSQL ({} pools)", truth.size());
    } else if (drifted > 0) {
      log.warn("hot store drifted from PostgreSQL in {} of {} pools; rebuilt from PostgreSQL", drifted, truth.size());
    } else {
      log.info("hot store agreed with PostgreSQL in all {} pools; rebuilt", truth.size());
    }
    return new Loaded(store, truth.size(), drifted);
  }

  /** Pools whose counts differ, or that only one side has (an unreadable file counts as empty). */
  private static int drift(Map<Long, Counts> old, Map<Long, Counts> truth) {
    int drifted = 0;
    for (var entry : truth.entrySet()) {
      if (!entry.getValue().equals(old.get(entry.getKey()))) {
        drifted++;
      }
    }
    for (Long key : old.keySet()) {
      if (!truth.containsKey(key)) {
        drifted++;
      }
    }
    return drifted;
  }

  private static Map<Long, Counts> readStock(PgUrl url) throws SQLException {
    Map<Long, Counts> truth = new HashMap<>();
    try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         var statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.setFetchSize(10_000);
      try (var rows = statement.executeQuery("SELECT variant_id, location_id,"
          + " on_hand - allocated - reserved - safety_stock, reserved FROM stock")) {
        while (rows.next()) {
          truth.put(new Pool(rows.getLong(1), rows.getLong(2)).key(),
              new Counts(rows.getInt(3), rows.getInt(4)));
        }
      }
      connection.commit();
    }
    return truth;
  }
}
