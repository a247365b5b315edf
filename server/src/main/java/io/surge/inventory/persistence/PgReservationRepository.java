package io.surge.inventory.persistence;

import io.surge.infra.pg.Rows;
import io.surge.inventory.ReservationJournal.PlaceOutcome;
import io.surge.inventory.ReservationJournal.Reserve;
import io.surge.inventory.domain.Reservation;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReservationStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reservations in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgReservationRepository {
  private final Pool pool;
  private final String nodeId;

  public PgReservationRepository(Pool pool, String nodeId) {
    this.pool = pool;
    this.nodeId = nodeId;
  }

  /** What a committed batch did: the reservations it ended (with the lines they gave back), the ids extended. */
  public record BatchResult(Map<Long, Ended> ended, Set<Long> extended, List<PlaceOutcome> placed) {
    BatchResult withPlaced(List<PlaceOutcome> outcomes) {
      return new BatchResult(ended, extended, outcomes);
    }
  }

  /** A reservation a batch ended: whose it was and the units it gave back. */
  public record Ended(String customerRef, List<ReservationLine> lines) {}

  /**
   * Writes a whole batch: reservation changes as one statement (see {@link JournalSql#FLUSH}); with
   * order placements, that and one call placing every order, in one transaction that commits only
   * after both succeeded.
   */
  public Future<BatchResult> writeBatch(List<Reserve> reserves, List<Map.Entry<Long, ReservationStatus>> ends,
      List<Map.Entry<Long, Instant>> extensions, JsonArray orders) {
    boolean reservationChanges = !reserves.isEmpty() || !ends.isEmpty() || !extensions.isEmpty();
    if (orders.isEmpty()) {
      return writeReservations(pool, reserves, ends, extensions).map(r -> r.withPlaced(List.of()));
    }
    return pool.withTransaction(connection -> (reservationChanges
            ? writeReservations(connection, reserves, ends, extensions)
            : Future.succeededFuture(new BatchResult(Map.of(), Set.of(), List.of())))
        .compose(result -> connection.preparedQuery(JournalSql.PLACE_ORDERS).execute(Tuple.of(orders))
            .map(rows -> {
              List<PlaceOutcome> placed = new ArrayList<>();
              for (Row row : rows) {
                placed.add(new PlaceOutcome(row.getString("outcome"), row.getLong("order_id"),
                    row.getString("order_number")));
              }
              if (placed.size() != orders.size()) {
                throw new IllegalStateException("placed " + placed.size() + " of " + orders.size() + " orders");
              }
              return result.withPlaced(placed);
            })));
  }

  /**
   * Whether any of these reservations is stored: how an in-doubt batch learns it committed. Reads
   * only once no batch of this node is in a transaction any more (PostgreSQL may still be running
   * the one whose answer was lost), in a transaction of its own so the read sees that commit.
   */
  public Future<Boolean> anyStoredAfterWriter(List<Long> ids) {
    return pool.withTransaction(connection -> connection.preparedQuery(JournalSql.WAIT_FOR_WRITER)
        .execute(Tuple.of(nodeId))
        .compose(unlocked -> connection.preparedQuery(ReservationSql.ANY_STORED)
            .execute(Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0]))))
        .map(rows -> rows.iterator().next().getBoolean(0)));
  }

  private Future<BatchResult> writeReservations(SqlClient client, List<Reserve> reserves,
      List<Map.Entry<Long, ReservationStatus>> ends, List<Map.Entry<Long, Instant>> extensions) {
    int n = reserves.size();
    Long[] ids = new Long[n];
    Long[] channels = new Long[n];
    String[] customers = new String[n];
    OffsetDateTime[] expiries = new OffsetDateTime[n];
    Long[] owners = new Long[n];
    String[] keys = new String[n];
    // A reservation of one line keeps it in its own row (migration V010); several go to reservation_line.
    Long[] variants = new Long[n];
    Long[] locations = new Long[n];
    Integer[] quantities = new Integer[n];
    List<Long> lineReservation = new ArrayList<>();
    List<Integer> lineNo = new ArrayList<>();
    List<Long> lineVariant = new ArrayList<>();
    List<Long> lineLocation = new ArrayList<>();
    List<Integer> lineQuantity = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Reserve r = reserves.get(i);
      ids[i] = r.id();
      channels[i] = r.channelId();
      customers[i] = r.customerRef();
      expiries[i] = r.expiresAt().atOffset(ZoneOffset.UTC);
      owners[i] = r.keyOwner();
      keys[i] = r.idempotencyKey();
      if (r.lines().size() == 1) {
        ReservationLine line = r.lines().get(0);
        variants[i] = line.variantId();
        locations[i] = line.locationId();
        quantities[i] = line.quantity();
        continue;
      }
      for (ReservationLine line : r.lines()) {
        lineReservation.add(r.id());
        lineNo.add(line.lineNo());
        lineVariant.add(line.variantId());
        lineLocation.add(line.locationId());
        lineQuantity.add(line.quantity());
      }
    }
    Long[] endIds = ends.stream().map(Map.Entry::getKey).toArray(Long[]::new);
    String[] endStatuses = ends.stream().map(e -> e.getValue().name()).toArray(String[]::new);
    Long[] extendIds = extensions.stream().map(Map.Entry::getKey).toArray(Long[]::new);
    OffsetDateTime[] extendTo = extensions.stream().map(e -> e.getValue().atOffset(ZoneOffset.UTC))
        .toArray(OffsetDateTime[]::new);
    // Built value by value: Tuple.of(...) would spread arrays into separate parameters.
    Tuple values = Tuple.tuple()
        .addArrayOfLong(ids).addArrayOfLong(channels).addArrayOfString(customers)
        .addArrayOfOffsetDateTime(expiries).addString(nodeId).addArrayOfLong(owners)
        .addArrayOfString(keys)
        .addArrayOfLong(variants).addArrayOfLong(locations).addArrayOfInteger(quantities)
        .addArrayOfLong(lineReservation.toArray(new Long[0]))
        .addArrayOfInteger(lineNo.toArray(new Integer[0]))
        .addArrayOfLong(lineVariant.toArray(new Long[0]))
        .addArrayOfLong(lineLocation.toArray(new Long[0]))
        .addArrayOfInteger(lineQuantity.toArray(new Integer[0]))
        .addArrayOfLong(endIds).addArrayOfString(endStatuses)
        .addArrayOfLong(extendIds).addArrayOfOffsetDateTime(extendTo);
    return client.preparedQuery(JournalSql.FLUSH).execute(values).map(rows -> {
      Map<Long, Ended> ended = new HashMap<>();
      Set<Long> extended = new HashSet<>();
      for (Row row : rows) {
        long id = row.getLong("reservation_id");
        if ("ENDED".equals(row.getString("outcome"))) {
          List<ReservationLine> lines = ended
              .computeIfAbsent(id, k -> new Ended(row.getString("customer_ref"), new ArrayList<>())).lines();
          lines.add(new ReservationLine(lines.size() + 1, row.getLong("variant_id"), null,
              row.getLong("location_id"), row.getInteger("quantity")));
        } else if ("EXTENDED".equals(row.getString("outcome"))) {
          extended.add(id);
        }
      }
      return new BatchResult(ended, extended, List.of());
    });
  }

  /** The first id of a fresh block of 1,000 reservation ids. */
  public Future<Long> nextIdBlock() {
    return pool.preparedQuery(JournalSql.NEXT_ID_BLOCK).execute(Tuple.tuple())
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Optional<Reservation>> find(long id) {
    return pool.preparedQuery(ReservationSql.BY_ID).execute(Tuple.of(id)).map(rows -> {
      Reservation reservation = null;
      List<ReservationLine> lines = new ArrayList<>();
      for (Row row : rows) {
        if (reservation == null) {
          reservation = new Reservation(row.getLong("id"), row.getLong("channel_id"),
              row.getString("customer_ref"), ReservationStatus.valueOf(row.getString("status")),
              Rows.instant(row, "expires_at"), Rows.instant(row, "created_at"), lines);
        }
        lines.add(new ReservationLine(row.getInteger("line_no"), row.getLong("variant_id"),
            row.getString("sku"), row.getLong("location_id"), row.getInteger("quantity")));
      }
      return Optional.ofNullable(reservation);
    });
  }

  /** The reservation an earlier request with this idempotency key made, if any. */
  public Future<Optional<Long>> findByIdempotencyKey(long owner, String key) {
    return pool.preparedQuery(ReservationSql.ID_BY_IDEMPOTENCY_KEY).execute(Tuple.of(owner, key))
        .map(rows -> Rows.first(rows, row -> row.getLong(0)));
  }

  /** Every active reservation's expiry, to track them after a start. */
  public Future<Map<Long, Instant>> activeExpiries() {
    return pool.preparedQuery(ReservationSql.ACTIVE_EXPIRIES).execute(Tuple.tuple()).map(rows -> {
      Map<Long, Instant> active = new HashMap<>();
      rows.forEach(row -> active.put(row.getLong(0), Rows.instant(row, "expires_at")));
      return active;
    });
  }

  /** Active reservations overdue by more than {@code graceSeconds}: ones their node did not end. */
  public Future<List<Long>> overdue(int graceSeconds, int limit) {
    return pool.preparedQuery(ReservationSql.OVERDUE).execute(Tuple.of(graceSeconds, limit))
        .map(rows -> Rows.list(rows, row -> row.getLong(0)));
  }

  /** Units of a variant a customer holds in active reservations. */
  public Future<Integer> activeUnitsForCustomer(String customerRef, long variantId) {
    return pool.preparedQuery(ReservationSql.ACTIVE_UNITS_FOR_CUSTOMER)
        .execute(Tuple.of(customerRef, variantId))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }
}
