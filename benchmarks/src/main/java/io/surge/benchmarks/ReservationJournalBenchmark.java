package io.surge.benchmarks;

import io.surge.infra.pg.PgUrl;
import io.surge.inventory.ReservationJournal;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.persistence.PgReservationRepository;
import io.vertx.core.Promise;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The group commit against PostgreSQL (embedded, fsync and synchronous commit on, as shipped):
 * one journal statement writing {@code batch} single-line reservations on one hot pool, waited for
 * like a request would be. The score is time per reservation: how batching divides the cost of one
 * commit (batch=1 is what one transaction per reservation costs). Invert it for reservations per
 * second of one committing connection.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReservationJournalBenchmark extends BenchmarkBase {
  private static final long FIRST_ID = 1_000_000_000_000L;

  @Param({"1", "16", "64", "256"})
  public int batch;

  private PgReservationRepository repository;
  private long channelId;
  private long variantId;
  private long locationId;
  private long nextId = FIRST_ID;

  @Setup(Level.Trial)
  public void setUp(EmbeddedNode node) throws Exception {
    repository = new PgReservationRepository(node.pool(), "benchmark");
    PgUrl url = PgUrl.parse(node.postgresUrl());
    try (var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         var statement = connection.createStatement()) {
      try (var rows = statement.executeQuery("SELECT s.variant_id, s.location_id, c.id FROM stock s"
          + " JOIN variant v ON v.id = s.variant_id, channel c WHERE v.sku = '" + EmbeddedNode.SKU + "'"
          + " ORDER BY s.location_id LIMIT 1")) {
        rows.next();
        variantId = rows.getLong(1);
        locationId = rows.getLong(2);
        channelId = rows.getLong(3);
      }
      // Room for every reservation the run writes: they stay active (nothing expires them here).
      statement.execute("UPDATE stock SET on_hand = 2000000000 WHERE variant_id = " + variantId
          + " AND location_id = " + locationId);
    }
  }

  @Benchmark
  @OperationsPerInvocation(256)
  public Object writeBatch() throws Exception {
    // JMH divides by 256 whatever the batch; each invocation writes 256 reservations in batches.
    Object result = null;
    for (int written = 0; written < 256; written += batch) {
      result = repository.writeBatch(reserves(batch), List.of(), List.of(), new io.vertx.core.json.JsonArray())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return result;
  }

  private List<ReservationJournal.Reserve> reserves(int count) {
    Instant expiry = Instant.now().plusSeconds(3600);
    List<ReservationJournal.Reserve> reserves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long id = nextId++;
      reserves.add(new ReservationJournal.Reserve(id, channelId, null, expiry, null, null,
          List.of(new ReservationLine(1, variantId, EmbeddedNode.SKU, locationId, 1)), Promise.promise()));
    }
    return reserves;
  }
}
