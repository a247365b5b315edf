package io.surge.orders.routing;

import static io.surge.orders.routing.RoutingMother.MONDAY_EVENING;
import static io.surge.orders.routing.RoutingMother.MONDAY_MORNING;
import static io.surge.orders.routing.RoutingMother.berlin;
import static io.surge.orders.routing.RoutingMother.delivery;
import static io.surge.orders.routing.RoutingMother.hamburg;
import static io.surge.orders.routing.RoutingMother.leipzig;
import static io.surge.orders.routing.RoutingMother.line;
import static io.surge.orders.routing.RoutingMother.location;
import static io.surge.orders.routing.RoutingMother.munich;
import static io.surge.orders.routing.RoutingMother.potsdam;
import static io.surge.orders.routing.RoutingMother.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RoutingPolicy")
class RoutingPolicyTests {
  private final RoutingPolicy policy = new RoutingPolicy(RoutingWeights.defaults());
  private final List<RoutingLine> threeLines = List.of(line(1, 1, 1), line(2, 2, 2), line(3, 3, 1));

  @Test
  @DisplayName("a single location that has everything wins over a nearer one that would need a split")
  void aSingleLocationThatHasEverythingWinsOverANearerSplit() {
    RoutingLocation potsdam = potsdam(1).build();
    RoutingLocation leipzig = leipzig(2).build();
    RoutingLocation hamburg = hamburg(3).build();
    Availability stock = stock().put(1, 1, 5).put(2, 1, 5)
        .put(1, 2, 1).put(2, 2, 2).put(3, 2, 1)
        .put(3, 3, 9);

    RoutingDecision decision = policy.route(delivery(threeLines, potsdam, leipzig, hamburg), stock);

    assertThat(decision.routed()).isTrue();
    assertThat(decision.allocations()).containsExactly(
        new Allocation(1, 1, 2, 1), new Allocation(2, 2, 2, 2), new Allocation(3, 3, 2, 1));
    assertThat(decision.candidates()).extracting(Candidate::code).containsExactly("POT-WH", "LEI-WH", "HAM-WH");
    assertThat(decision.reasons().get(0)).startsWith("LEI-WH ships all 3 lines: 149 km, cost 4.90, before cut-off 16:00");
    assertThat(decision.reasons().get(1)).startsWith("POT-WH scores better").contains("has only 2 of 3 lines");
    assertThat(decision.unroutedLines()).isEmpty();
  }

  @Test
  @DisplayName("among locations that have everything, the best score wins: cost counts as well as distance")
  void amongLocationsWithEverythingTheBestScoreWins() {
    // Potsdam is 122 km nearer than Leipzig but charges 20.00 more: 200 points at 0.1 per cent.
    RoutingLocation potsdam = potsdam(1).cost(2490).build();
    RoutingLocation leipzig = leipzig(2).build();
    Availability stock = stock().put(1, 1, 9).put(2, 1, 9).put(3, 1, 9).put(1, 2, 9).put(2, 2, 9).put(3, 2, 9);

    RoutingDecision decision = policy.route(delivery(threeLines, potsdam, leipzig), stock);

    assertThat(decision.allocations()).extracting(Allocation::locationId).containsOnly(2L);
    assertThat(decision.candidates().get(0).score()).isLessThan(decision.candidates().get(1).score());
    assertThat(decision.candidates().get(1).reason()).isEqualTo("POT-WH: 27 km, cost 24.90, before cut-off 16:00; "
        + "has all 3 lines; score 276.2");
    assertThat(decision.reasons()).contains("POT-WH also has everything but scores 276.2 against 198.2");
  }

  @Test
  @DisplayName("click and collect takes everything from the pickup location, even when another is nearer")
  void clickAndCollectUsesOnlyThePickupLocation() {
    RoutingLocation warehouse = potsdam(1).build();
    RoutingLocation store = location(7, "LEI-ST").at(51.34, 12.37).store().build();
    Availability stock = stock().put(1, 1, 9).put(2, 1, 9).put(3, 1, 9).put(1, 7, 1).put(2, 7, 2).put(3, 7, 1);
    RoutingRequest request = new RoutingRequest(threeLines, null, 7L, List.of(warehouse, store), MONDAY_MORNING);

    RoutingDecision decision = policy.route(request, stock);

    assertThat(decision.routed()).isTrue();
    assertThat(decision.allocations()).extracting(Allocation::locationId).containsOnly(7L);
    assertThat(decision.candidates()).extracting(Candidate::code).containsExactly("LEI-ST");
    assertThat(decision.candidates().get(0).distanceKm()).isNull();
    assertThat(decision.reasons()).containsExactly(
        "click and collect at LEI-ST: only that location is considered",
        "LEI-ST has all 3 lines: cost 4.90, before cut-off 16:00");
  }

  @Test
  @DisplayName("click and collect at a location without pickup, inactive or unknown routes nothing")
  void clickAndCollectNeedsAnActivePickupLocation() {
    RoutingLocation warehouse = potsdam(1).build();
    RoutingLocation closed = location(8, "BER-ST").store().inactive().build();
    Availability stock = stock().put(1, 1, 9).put(1, 8, 9);
    List<RoutingLine> lines = List.of(line(1, 1, 1));

    RoutingDecision noPickup = policy.route(
        new RoutingRequest(lines, berlin(), 1L, List.of(warehouse, closed), MONDAY_MORNING), stock);
    RoutingDecision inactive = policy.route(
        new RoutingRequest(lines, berlin(), 8L, List.of(warehouse, closed), MONDAY_MORNING), stock);
    RoutingDecision unknown = policy.route(
        new RoutingRequest(lines, berlin(), 99L, List.of(warehouse, closed), MONDAY_MORNING), stock);

    assertThat(List.of(noPickup, inactive, unknown)).allSatisfy(decision -> {
      assertThat(decision.routed()).isFalse();
      assertThat(decision.allocations()).isEmpty();
      assertThat(decision.candidates()).isEmpty();
      assertThat(decision.unroutedLines()).containsExactly(1);
    });
    assertThat(noPickup.reasons().get(0)).isEqualTo("click and collect: POT-WH does not offer pickup");
    assertThat(inactive.reasons().get(0)).isEqualTo("click and collect: BER-ST is inactive");
    assertThat(unknown.reasons().get(0)).isEqualTo("click and collect: location 99 is not among the order's locations");
  }

  @Test
  @DisplayName("click and collect at a store short of a line allocates what it has and leaves the rest unrouted")
  void clickAndCollectShortOfALine() {
    RoutingLocation store = location(7, "BER-ST").store().build();
    RoutingLocation warehouse = potsdam(1).build();
    Availability stock = stock().put(1, 7, 1).put(2, 7, 1).put(2, 1, 9).put(3, 1, 9);
    RoutingRequest request = new RoutingRequest(threeLines, berlin(), 7L, List.of(store, warehouse), MONDAY_MORNING);

    RoutingDecision decision = policy.route(request, stock);

    assertThat(decision.routed()).isFalse();
    assertThat(decision.allocations()).containsExactly(new Allocation(1, 1, 7, 1), new Allocation(2, 2, 7, 1));
    assertThat(decision.unroutedLines()).containsExactly(2, 3);
    assertThat(decision.reasons()).contains("BER-ST has only 1 of 2 DEMO-0002-M", "BER-ST has none of DEMO-0003-M",
        "unrouted: line 3 (DEMO-0003-M) is short 1 of 1 unit");
  }

  @Test
  @DisplayName("a location whose capacity is full loses to one with room further away")
  void aFullLocationLosesToOneWithRoom() {
    RoutingLocation potsdam = potsdam(1).capacity(200, 200).build();
    RoutingLocation munich = munich(2).capacity(200, 199).build();
    RoutingLocation hamburg = hamburg(3).capacity(null, 10_000).build();
    Availability stock = stock().put(1, 1, 9).put(1, 2, 9).put(1, 3, 9);

    RoutingDecision decision = policy.route(delivery(List.of(line(1, 1, 1)), potsdam, munich, hamburg), stock);

    assertThat(decision.allocations()).containsExactly(new Allocation(1, 1, 3, 1));
    assertThat(decision.candidates()).extracting(Candidate::code, Candidate::capacityFull).containsExactly(
        org.assertj.core.groups.Tuple.tuple("HAM-WH", false),
        org.assertj.core.groups.Tuple.tuple("MUC-WH", false),
        org.assertj.core.groups.Tuple.tuple("POT-WH", true));
    assertThat(decision.candidates().get(2).reason()).contains("capacity full (200 of 200 orders today)");
  }

  @Test
  @DisplayName("a location past its cut-off loses to one that can still ship today")
  void aLocationPastItsCutoffLosesToOneBeforeIt() {
    RoutingLocation potsdam = potsdam(1).build();
    RoutingLocation leipzig = leipzig(2).cutoff(LocalTime.of(18, 0), RoutingMother.BERLIN_TIME).build();
    Availability stock = stock().put(1, 1, 9).put(1, 2, 9);
    RoutingRequest evening = new RoutingRequest(List.of(line(1, 1, 1)), berlin(), null,
        List.of(potsdam, leipzig), MONDAY_EVENING);

    RoutingDecision decision = policy.route(evening, stock);

    assertThat(decision.allocations()).containsExactly(new Allocation(1, 1, 2, 1));
    assertThat(decision.candidates()).extracting(Candidate::code).containsExactly("LEI-WH", "POT-WH");
    assertThat(decision.candidates().get(1).pastCutoff()).isTrue();
    assertThat(decision.reasons().get(0)).isEqualTo("LEI-WH ships its only line: 149 km, cost 4.90, before cut-off 18:00");
    assertThat(decision.candidates().get(1).reason()).contains("past cut-off 16:00");
  }

  @Test
  @DisplayName("the cut-off is read in the location's own time zone")
  void theCutoffIsLocalToTheLocation() {
    // 15:30 UTC: 16:30 in Berlin (past 16:00), 15:30 in Lisbon (before 16:00).
    java.time.Instant now = java.time.Instant.parse("2025-03-10T15:30:00Z");
    RoutingLocation berlin = location(1, "BER-WH").at(52.52, 13.40).build();
    RoutingLocation lisbon = location(2, "LIS-WH").at(38.72, -9.14).in("PT", "11")
        .cutoff(LocalTime.of(16, 0), ZoneId.of("Europe/Lisbon")).build();
    RoutingRequest request = new RoutingRequest(List.of(line(1, 1, 1)), berlin(), null, List.of(berlin, lisbon), now);

    RoutingDecision decision = new RoutingPolicy(new RoutingWeights(0, 0, 0, 1, 0))
        .route(request, stock().put(1, 1, 1).put(1, 2, 1));

    assertThat(decision.candidates()).extracting(Candidate::code, Candidate::pastCutoff).containsExactly(
        org.assertj.core.groups.Tuple.tuple("LIS-WH", false),
        org.assertj.core.groups.Tuple.tuple("BER-WH", true));
  }

  @Test
  @DisplayName("without coordinates, the same region is nearest, then the same country, then abroad")
  void withoutCoordinatesCountryAndRegionDecide() {
    Destination noCoordinates = new Destination(null, null, "DE", "BE");
    RoutingLocation abroad = location(1, "WAW-WH").in("PL", "MZ").build();
    RoutingLocation sameCountry = location(2, "MUC-WH").in("DE", "BY").build();
    RoutingLocation sameRegion = location(3, "BER-WH").in("de", "be").build();
    Availability stock = stock().put(1, 1, 9).put(1, 2, 9).put(1, 3, 9);
    RoutingRequest request = new RoutingRequest(List.of(line(1, 1, 1)), noCoordinates, null,
        List.of(abroad, sameCountry, sameRegion), MONDAY_MORNING);

    RoutingDecision decision = policy.route(request, stock);

    assertThat(decision.allocations()).containsExactly(new Allocation(1, 1, 3, 1));
    assertThat(decision.candidates()).extracting(Candidate::code, Candidate::distanceKm).containsExactly(
        org.assertj.core.groups.Tuple.tuple("BER-WH", 0.0),
        org.assertj.core.groups.Tuple.tuple("MUC-WH", ScoredLocation.SAME_COUNTRY_KM),
        org.assertj.core.groups.Tuple.tuple("WAW-WH", ScoredLocation.OTHER_COUNTRY_KM));
    assertThat(decision.reasons().get(0)).startsWith("BER-WH ships its only line: same region (no coordinates: 0 km)");
  }

  @Test
  @DisplayName("a location without coordinates is compared by country and region even when the destination has them")
  void aLocationWithoutCoordinatesFallsBackToCountryAndRegion() {
    RoutingLocation measured = munich(1).build();
    RoutingLocation unmeasured = location(2, "BER-WH").noCoordinates().in("DE", "BE").build();
    Availability stock = stock().put(1, 1, 9).put(1, 2, 9);

    RoutingDecision decision = policy.route(delivery(List.of(line(1, 1, 1)), measured, unmeasured), stock);

    assertThat(decision.candidates()).extracting(Candidate::code).containsExactly("BER-WH", "MUC-WH");
    assertThat(decision.candidates().get(1).distanceKm()).isCloseTo(504, within(2.0));
  }

  @Test
  @DisplayName("with no location having everything, the one covering most units ships first and the rest is split")
  void aSplitTakesTheLocationCoveringMostUnitsFirst() {
    RoutingLocation potsdam = potsdam(1).build();
    RoutingLocation hamburg = hamburg(2).build();
    RoutingLocation munich = munich(3).build();
    // Hamburg covers 3 of the 4 units (lines 1 and 2); Potsdam, nearer, only line 3's one unit.
    Availability stock = stock().put(3, 1, 5).put(1, 2, 1).put(2, 2, 2).put(3, 3, 1);

    RoutingDecision decision = policy.route(delivery(threeLines, potsdam, hamburg, munich), stock);

    assertThat(decision.routed()).isTrue();
    assertThat(decision.allocations()).containsExactly(
        new Allocation(1, 1, 2, 1), new Allocation(2, 2, 2, 2), new Allocation(3, 3, 1, 1));
    assertThat(decision.reasons()).containsExactly(
        "no location has all 3 lines: splitting, most units covered first",
        "HAM-WH ships 3 of 4 units (lines 1, 2): 255 km, cost 4.90, before cut-off 16:00",
        "split: HAM-WH has none of DEMO-0003-M",
        "POT-WH ships 1 of 1 units (line 3): 27 km, cost 4.90, before cut-off 16:00",
        "split into 2 shipments: split penalty 1 x 50.0 = 50.0, total score 430.4");
  }

  @Test
  @DisplayName("a line can be split across locations, never taking more than each has")
  void aLineCanBeSplitAcrossLocations() {
    RoutingLocation potsdam = potsdam(1).build();
    RoutingLocation leipzig = leipzig(2).build();
    RoutingLocation hamburg = hamburg(3).build();
    Availability stock = stock().put(1, 1, 2).put(1, 2, 3).put(1, 3, 3);

    RoutingDecision decision = policy.route(delivery(List.of(line(1, 1, 7)), potsdam, leipzig, hamburg), stock);

    // Leipzig and Hamburg cover 3 each: the better score (Leipzig) goes first.
    assertThat(decision.allocations()).containsExactly(
        new Allocation(1, 1, 2, 3), new Allocation(1, 1, 3, 3), new Allocation(1, 1, 1, 1));
    assertThat(decision.reasons()).contains("split: LEI-WH has only 3 of 7 DEMO-0001-M",
        "split: HAM-WH has only 3 of 4 DEMO-0001-M");
    assertThat(decision.reasons().get(decision.reasons().size() - 1))
        .startsWith("split into 3 shipments: split penalty 2 x 50.0 = 100.0");
  }

  @Test
  @DisplayName("two lines of the same variant share one location's stock")
  void linesOfTheSameVariantShareStock() {
    RoutingLocation potsdam = potsdam(1).build();
    RoutingLocation leipzig = leipzig(2).build();
    Availability stock = stock().put(5, 1, 4).put(5, 2, 2);
    List<RoutingLine> lines = List.of(line(1, 5, 3), line(2, 5, 3));

    RoutingDecision decision = policy.route(delivery(lines, potsdam, leipzig), stock);

    assertThat(decision.routed()).isTrue();
    assertThat(decision.candidates().get(0).linesCovered()).isEqualTo(1);
    assertThat(decision.allocations()).containsExactly(
        new Allocation(1, 5, 1, 3), new Allocation(2, 5, 1, 1), new Allocation(2, 5, 2, 2));
  }

  @Test
  @DisplayName("a line no location can fill is unrouted, and the others are still allocated")
  void anUnroutableLine() {
    RoutingLocation potsdam = potsdam(1).build();
    RoutingLocation leipzig = leipzig(2).build();
    Availability stock = stock().put(1, 1, 1).put(2, 2, 2).put(3, 2, 1);
    List<RoutingLine> lines = List.of(line(1, 1, 1), line(2, 2, 2), line(3, 3, 4));

    RoutingDecision decision = policy.route(delivery(lines, potsdam, leipzig), stock);

    assertThat(decision.routed()).isFalse();
    assertThat(decision.unroutedLines()).containsExactly(3);
    assertThat(decision.allocations()).containsExactly(
        new Allocation(2, 2, 2, 2), new Allocation(3, 3, 2, 1), new Allocation(1, 1, 1, 1));
    assertThat(decision.reasons()).endsWith("unrouted: line 3 (DEMO-0003-M) is short 3 of 4 units");
  }

  @Test
  @DisplayName("inactive and non-shipping locations are not candidates, and the reasons say so")
  void onlyActiveShippingLocationsAreCandidates() {
    RoutingLocation closed = potsdam(1).inactive().build();
    RoutingLocation store = location(2, "BER-ST").at(52.52, 13.40).store().build();
    RoutingLocation hamburg = hamburg(3).build();
    Availability stock = stock().put(1, 1, 9).put(1, 2, 9).put(1, 3, 9);

    RoutingDecision decision = policy.route(delivery(List.of(line(1, 1, 1)), closed, store, hamburg), stock);

    assertThat(decision.candidates()).extracting(Candidate::code).containsExactly("HAM-WH");
    assertThat(decision.allocations()).containsExactly(new Allocation(1, 1, 3, 1));
    assertThat(decision.reasons().get(0)).isEqualTo("not considered: POT-WH (inactive), BER-ST (does not ship)");
  }

  @Test
  @DisplayName("with no location that ships, every line is unrouted")
  void noLocationShips() {
    RoutingDecision decision = policy.route(delivery(threeLines, potsdam(1).notShipping().build()), stock());

    assertThat(decision.routed()).isFalse();
    assertThat(decision.unroutedLines()).containsExactly(1, 2, 3);
    assertThat(decision.reasons()).contains("no active location ships");
  }

  @Test
  @DisplayName("negative availability counts as none, and availability is asked once per variant and location")
  void availabilityIsReadOncePerVariantAndLocation() {
    int[] asked = new int[1];
    Availability negative = (variantId, locationId) -> {
      asked[0]++;
      return locationId == 1 ? -5 : 1;
    };
    List<RoutingLine> lines = List.of(line(1, 1, 1), line(2, 1, 1), line(3, 2, 1));

    RoutingDecision decision = policy.route(delivery(lines, potsdam(1).build(), leipzig(2).build()), negative);

    assertThat(asked[0]).isEqualTo(4);
    assertThat(decision.allocations()).allSatisfy(allocation -> assertThat(allocation.locationId()).isEqualTo(2));
    assertThat(decision.unroutedLines()).containsExactly(2);
  }

  @Test
  @DisplayName("the same request routes the same way whatever the order of its locations; equal scores go to the lower id")
  void routingIsDeterministic() {
    List<RoutingLocation> twins = List.of(
        location(9, "TWIN-B").at(52.0, 13.0).build(), location(4, "TWIN-A").at(52.0, 13.0).build(),
        hamburg(6).build());
    Availability stock = stock().put(1, 9, 1).put(1, 4, 1).put(1, 6, 1).put(2, 9, 2).put(2, 4, 2).put(3, 6, 1);
    RoutingRequest request = new RoutingRequest(threeLines, berlin(), null, twins, MONDAY_MORNING);
    RoutingRequest reordered = new RoutingRequest(threeLines, berlin(), null, RoutingMother.reversed(twins),
        MONDAY_MORNING);

    RoutingDecision first = policy.route(request, stock);

    assertThat(policy.route(request, stock)).isEqualTo(first);
    assertThat(policy.route(reordered, stock)).isEqualTo(first);
    assertThat(first.candidates()).extracting(Candidate::locationId).containsExactly(4L, 9L, 6L);
    assertThat(first.allocations()).extracting(Allocation::locationId).containsExactly(4L, 4L, 6L);
  }

  @Test
  @DisplayName("an order with no lines is routed with nothing to allocate")
  void anOrderWithNoLines() {
    RoutingDecision decision = policy.route(delivery(List.of(), potsdam(1).build()), stock());

    assertThat(decision.routed()).isTrue();
    assertThat(decision.allocations()).isEmpty();
    assertThat(decision.reasons()).containsExactly("nothing to route: the order has no lines");
  }

  @Test
  @DisplayName("refuses weights that would reward what they penalise, and lines of no units")
  void refusesUnusableInput() {
    assertThatThrownBy(() -> new RoutingWeights(1, -0.1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shippingCostPerMinorUnit");
    assertThatThrownBy(() -> new RoutingWeights(Double.NaN, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> line(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
