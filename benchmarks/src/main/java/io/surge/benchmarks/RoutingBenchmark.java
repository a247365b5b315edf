package io.surge.benchmarks;

import io.surge.inventory.domain.LocationChoice;
import io.surge.orders.routing.Availability;
import io.surge.orders.routing.Destination;
import io.surge.orders.routing.RoutingDecision;
import io.surge.orders.routing.RoutingLine;
import io.surge.orders.routing.RoutingLocation;
import io.surge.orders.routing.RoutingPolicy;
import io.surge.orders.routing.RoutingRequest;
import io.surge.orders.routing.RoutingWeights;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Routing one order of 3 lines to Berlin across {@code locations} = 1, 10, 100 German
 * warehouses. {@code policy} is {@link RoutingPolicy#route}: every location scored (distance,
 * cost, capacity, cut-off in its zone), a reason written for each, then one location or a greedy
 * split. {@code nearestWithStock} is the baseline without any of that: per line, the nearest
 * location that has the line's units. {@code stock=whole}: one location (and at 10 or 100 some
 * others by chance) has all three lines, the usual case; {@code stock=split}: none has more than
 * two of them, so the policy splits (with one location, a line stays unrouted). Stock and
 * locations come from a fixed seed; availability is an array lookup, as from the hot store.
 * Pure CPU on the JMH thread.
 */
@State(Scope.Benchmark)
public class RoutingBenchmark extends BenchmarkBase {
  private static final ZoneId BERLIN_TIME = ZoneId.of("Europe/Berlin");
  private static final Destination BERLIN = new Destination(52.52, 13.405, "DE", "BE");
  /** Monday 11:00 in Berlin: some locations before their cut-off, some past it. */
  private static final Instant NOW = Instant.parse("2025-03-10T10:00:00Z");
  private static final List<RoutingLine> LINES = List.of(
      new RoutingLine(1, 1, "DEMO-0001-M", 1),
      new RoutingLine(2, 2, "DEMO-0002-L", 2),
      new RoutingLine(3, 3, "DEMO-0003-S", 1));

  @Param({"1", "10", "100"})
  public int locations;

  @Param({"whole", "split"})
  public String stock;

  private final RoutingPolicy policy = new RoutingPolicy(RoutingWeights.defaults());
  private RoutingRequest request;
  private int[][] units;
  private Availability availability;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    List<RoutingLocation> list = new ArrayList<>(locations);
    units = new int[locations][LINES.size()];
    int stocked = random.nextInt(locations);
    for (int i = 0; i < locations; i++) {
      list.add(new RoutingLocation(i + 1, "WH-" + (i + 1),
          47.5 + random.nextDouble() * 7, 6.0 + random.nextDouble() * 9, "DE", "R" + random.nextInt(16),
          true, false, true, random.nextBoolean() ? null : 500, random.nextInt(520),
          LocalTime.of(10 + random.nextInt(8), 0), BERLIN_TIME, 390 + random.nextInt(800)));
      int lacking = stock.equals("split") ? random.nextInt(LINES.size()) : -1;
      for (int line = 0; line < LINES.size(); line++) {
        boolean has = i == stocked || random.nextBoolean();
        units[i][line] = line == lacking || !has ? 0 : 2 + random.nextInt(4);
      }
    }
    availability = (variantId, locationId) -> units[(int) locationId - 1][(int) variantId - 1];
    request = new RoutingRequest(LINES, BERLIN, null, list, NOW);
    check(policy());
  }

  @Benchmark
  public RoutingDecision policy() {
    return policy.route(request, availability);
  }

  /** Per line, the nearest active shipping location with the line's units; 0 when none has them. */
  @Benchmark
  public long[] nearestWithStock() {
    List<RoutingLocation> all = request.locations();
    double[] km = new double[all.size()];
    for (int i = 0; i < km.length; i++) {
      RoutingLocation location = all.get(i);
      km[i] = LocationChoice.distanceKm(BERLIN.latitude(), BERLIN.longitude(), location.latitude(),
          location.longitude());
    }
    long[] chosen = new long[LINES.size()];
    for (int line = 0; line < chosen.length; line++) {
      RoutingLine wanted = LINES.get(line);
      double nearest = Double.MAX_VALUE;
      for (int i = 0; i < km.length; i++) {
        RoutingLocation location = all.get(i);
        if (location.active() && location.ships() && km[i] < nearest
            && availability.available(wanted.variantId(), location.id()) >= wanted.quantity()) {
          nearest = km[i];
          chosen[line] = location.id();
        }
      }
    }
    return chosen;
  }

  /** The setup must produce the case its parameters name, or the figures measure something else. */
  private void check(RoutingDecision decision) {
    long shipments = decision.allocations().stream().mapToLong(a -> a.locationId()).distinct().count();
    boolean expected = stock.equals("whole")
        ? decision.routed() && shipments == 1
        : locations == 1 ? !decision.routed() : decision.routed() && shipments > 1;
    if (!expected) {
      throw new IllegalStateException("stock=" + stock + " locations=" + locations + " routed as " + decision);
    }
  }
}
