package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.surge.access.domain.ApiKeySecret;
import io.surge.inventory.hotstore.ChronicleStockStore;
import io.surge.inventory.hotstore.HotStoreLoader;
import io.surge.support.Db;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.surge.support.TestServices;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node is stopped, its hot-store file is deleted, overwritten with garbage or cut short, and the
 * node is started again on the same database and data directory: it must start, say what it found,
 * and sell exactly what PostgreSQL says is left.
 */
@SurgeTest
@DisplayName("Hot-store file damaged while the node is down")
class HotStoreFileFaultTests {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(HotStoreFileFaultTests.class);
  private static final int RECEIVED_PER_ROUND = 20;

  /** What is done to the file between stop and start. */
  private enum Damage {
    DELETED, GARBAGE, HEADER_CUT, CUT_TO_A_THIRD, EMPTY
  }

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final List<Logger> watched = List.of(
      (Logger) LoggerFactory.getLogger(HotStoreLoader.class),
      (Logger) LoggerFactory.getLogger(ChronicleStockStore.class));
  private final String adminKey = ApiKeySecret.generate();
  private Path dataDir;
  private TestNode node;

  @BeforeEach
  void watchStartUpLog() throws IOException {
    dataDir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
        "surge-hotstore-fault-");
    logged.start();
    watched.forEach(logger -> {
      logger.addAppender(logged);
      logger.setLevel(Level.INFO);
    });
  }

  @AfterEach
  void stop() {
    watched.forEach(logger -> {
      logger.detachAppender(logged);
      logger.setLevel(null);
    });
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("deleted, garbage, truncated or empty: the node starts, warns, and holds exactly what PostgreSQL says")
  void rebuildsFromPostgres() throws Exception {
    String pgUrl = TestServices.freshDatabase("hotstore_fault");
    node = start(pgUrl);
    var inventory = InventoryFixture.create(node.admin(), 1, 1, new JsonObject()
        .put("reservationTtlDefaultSeconds", 3600).put("reservationTtlMaxSeconds", 3600));
    String sku = inventory.skus.get(0);
    String location = inventory.locationIds.get(0);

    for (Damage damage : Damage.values()) {
      // Each round leaves received stock, an active reservation and an order with allocated units.
      inventory.receive(sku, location, RECEIVED_PER_ROUND);
      assertThat(inventory.reserve(inventory.reserveInput(lines(sku, 2))).getJsonArray("userErrors")).isEmpty();
      new OrderFixture(inventory).placed(new OrderFixture(inventory).input(damage + "@example.com")
          .put("lines", lines(sku, 3)));
      node.close();
      node = null;

      Path file = dataDir.resolve("hotstore").resolve("stock.dat");
      long sizeBefore = Files.size(file);
      damage(file, damage);
      logged.list.clear();
      long started = System.nanoTime();
      node = start(pgUrl);
      long startMs = (System.nanoTime() - started) / 1_000_000;
      inventory = inventory.through(node.admin());

      assertStartUpSaid(damage);
      log.info("start-up said for {}: {}", damage, logged.list.stream()
          .filter(event -> event.getLoggerName().startsWith("io.surge")).map(ILoggingEvent::getFormattedMessage).toList());
      long leftInPostgres = Db.count(pgUrl, "SELECT sum(on_hand - allocated - reserved - safety_stock) FROM stock");
      assertThat(inventory.audit().getJsonArray("findings")).as("audit findings after %s", damage).isEmpty();
      assertThat(inventory.available(sku)).as("availableQuantity after %s", damage).isEqualTo((int) leftInPostgres);
      var rest = inventory.reserve(inventory.reserveInput(lines(sku, (int) leftInPostgres)));
      assertThat(rest.getJsonArray("userErrors")).as("taking the last %d units after %s", leftInPostgres, damage)
          .isEmpty();
      var oneMore = inventory.reserve(inventory.reserveInput(lines(sku, 1)));
      assertThat(oneMore.getJsonArray("userErrors").getJsonObject(0).getString("code")).isEqualTo("OUT_OF_STOCK");
      assertThat(Db.count(pgUrl, "SELECT count(*) FROM stock WHERE on_hand < allocated + reserved")).isZero();
      assertThat(inventory.audit().getBoolean("clean")).isTrue();
      log.info("hot-store file {} ({} bytes before): node ready in {} ms, {} units left per PostgreSQL, all taken,"
          + " one more OUT_OF_STOCK, audit clean", damage, sizeBefore, startMs, leftInPostgres);
    }
  }

  private TestNode start(String pgUrl) {
    return TestNode.startOn(pgUrl, config -> config.withDataDir(dataDir).withAdminKey(adminKey));
  }

  private static void damage(Path file, Damage damage) throws IOException {
    switch (damage) {
      case DELETED -> Files.delete(file);
      case GARBAGE -> {
        byte[] garbage = new byte[(int) Files.size(file)];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);
      }
      case HEADER_CUT -> cut(file, 100);
      case CUT_TO_A_THIRD -> cut(file, Files.size(file) / 3);
      case EMPTY -> Files.write(file, new byte[0]);
    }
  }

  private static void cut(Path file, long length) throws IOException {
    try (var raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(length);
    }
  }

  /** A missing file is the normal first start (INFO); any damaged file is a WARN naming the rebuild. */
  private void assertStartUpSaid(Damage damage) {
    List<String> lines = logged.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    if (damage == Damage.DELETED) {
      assertThat(lines).as("start-up log").anyMatch(line -> line.startsWith("INFO no hot store file: built from PostgreSQL"));
    } else if (damage == Damage.CUT_TO_A_THIRD) {
      // The pool's entry may survive in the first third: Chronicle's recovery then reads counts that agree.
      assertThat(lines).as("start-up log").anyMatch(line -> line.startsWith("INFO hot store agreed with PostgreSQL")
          || line.startsWith("WARN hot store") && line.contains("rebuilt from PostgreSQL"));
    } else {
      assertThat(lines).as("start-up log").anyMatch(line -> line.startsWith("WARN hot store")
          && line.contains("rebuilt from PostgreSQL"));
    }
  }
}
