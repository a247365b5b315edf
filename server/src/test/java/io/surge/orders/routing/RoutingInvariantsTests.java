package io.surge.orders.routing;

import static io.surge.orders.routing.RoutingMother.MONDAY_EVENING;
import static io.surge.orders.routing.RoutingMother.berlin;
import static io.surge.orders.routing.RoutingMother.line;
import static io.surge.orders.routing.RoutingMother.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules every decision keeps, checked over many seeded random orders (the same ones every
 * run): stock and line quantities are never exceeded, only eligible locations are used, and
 * {@code routed} says exactly whether every line was allocated in full.
 */
@DisplayName("RoutingPolicy, over 2,000 random orders")
class RoutingInvariantsTests {
  private static final int ORDERS = 2_000;

  private final RoutingPolicy policy = new RoutingPolicy(RoutingWeights.defaults());

  @Test
  @DisplayName("never allocates more than a location has, more than a line wants, or from a location that may not ship")
  void allocationsStayWithinStockAndLines() {
    Random random = new Random(20250310);
    int routed = 0;
    int split = 0;
    for (int order = 0; order < ORDERS; order++) {
      List<RoutingLocation> locations = locations(random);
      List<RoutingLine> lines = lines(random);
      RoutingMother.StockTable stock = stock(random, lines, locations);
      RoutingRequest request = new RoutingRequest(lines, berlin(), null, locations, MONDAY_EVENING);

      RoutingDecision decision = policy.route(request, stock);

      Map<List<Long>, Integer> taken = new HashMap<>();
      Map<Integer, Integer> perLine = new HashMap<>();
      Set<Long> eligible = new HashSet<>();
      locations.stream().filter(l -> l.active() && l.ships()).forEach(l -> eligible.add(l.id()));
      for (Allocation allocation : decision.allocations()) {
        assertThat(allocation.quantity()).isPositive();
        assertThat(eligible).contains(allocation.locationId());
        taken.merge(List.of(allocation.variantId(), allocation.locationId()), allocation.quantity(), Integer::sum);
        perLine.merge(allocation.lineNo(), allocation.quantity(), Integer::sum);
      }
      taken.forEach((key, units) -> assertThat(units).isLessThanOrEqualTo(stock.available(key.get(0), key.get(1))));
      List<Integer> short_ = new ArrayList<>();
      for (RoutingLine line : lines) {
        int allocated = perLine.getOrDefault(line.lineNo(), 0);
        assertThat(allocated).isLessThanOrEqualTo(line.quantity());
        if (allocated < line.quantity()) {
          short_.add(line.lineNo());
        }
      }
      assertThat(decision.unroutedLines()).isEqualTo(short_);
      assertThat(decision.routed()).isEqualTo(short_.isEmpty());
      assertThat(decision.candidates()).extracting(Candidate::locationId).allMatch(eligible::contains);
      assertThat(policy.route(request, stock)).isEqualTo(decision);
      routed += decision.routed() ? 1 : 0;
      split += decision.allocations().stream().map(Allocation::locationId).distinct().count() > 1 ? 1 : 0;
    }
    // The generator must exercise both outcomes and splits, or the checks above prove little.
    assertThat(routed).isBetween(ORDERS / 10, ORDERS - ORDERS / 10);
    assertThat(split).isGreaterThan(ORDERS / 10);
  }

  private static List<RoutingLocation> locations(Random random) {
    List<RoutingLocation> locations = new ArrayList<>();
    int count = 1 + random.nextInt(6);
    for (int i = 0; i < count; i++) {
      RoutingMother.LocationBuilder builder = location(i + 1, "WH-" + (i + 1))
          .at(47 + random.nextDouble() * 8, 6 + random.nextDouble() * 9)
          .capacity(random.nextBoolean() ? null : 100, random.nextInt(120))
          .cost(300 + random.nextInt(900));
      if (random.nextInt(8) == 0) {
        builder.inactive();
      }
      if (random.nextInt(8) == 0) {
        builder.notShipping();
      }
      locations.add(builder.build());
    }
    return locations;
  }

  private static List<RoutingLine> lines(Random random) {
    List<RoutingLine> lines = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      // Few variants, so lines of the same variant come up and must share stock.
      lines.add(line(i + 1, 1 + random.nextInt(4), 1 + random.nextInt(4)));
    }
    return lines;
  }

  private static RoutingMother.StockTable stock(Random random, List<RoutingLine> lines,
      List<RoutingLocation> locations) {
    RoutingMother.StockTable stock = RoutingMother.stock();
    for (RoutingLocation location : locations) {
      for (long variant = 1; variant <= 4; variant++) {
        stock.put(variant, location.id(), random.nextInt(5) - 1);
      }
    }
    return stock;
  }
}
