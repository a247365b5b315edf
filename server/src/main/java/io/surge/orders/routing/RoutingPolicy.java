package io.surge.orders.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chooses where an order's lines ship from, deterministically and with its reasons.
 *
 * <p>Candidates are the active locations that ship (for click and collect, only the pickup
 * location, which must be active and offer pickup), each scored by {@link ScoredLocation}: lower
 * is better. One shipment beats a split: if any candidates can fill every line, the best-scored
 * of them takes the order. Otherwise the policy splits greedily: it repeatedly takes the
 * candidate that covers the most units still needed (equal cover: better score, then lower id)
 * and allocates what it has, until every line is allocated or no candidate has any more. A line
 * may be split across locations; no allocation exceeds availability or the line's quantity.
 *
 * <p>Pure and stateless: safe to share between threads and event loops.
 */
public final class RoutingPolicy {
  private static final int SKIPPED_CODES_LISTED = 5;

  private final RoutingWeights weights;

  public RoutingPolicy(RoutingWeights weights) {
    this.weights = Objects.requireNonNull(weights, "weights");
  }

  /**
   * Routes one order. Asks {@code availability} once per variant and eligible location, on the
   * calling thread; the answers are a snapshot for this decision, nothing is reserved.
   */
  public RoutingDecision route(RoutingRequest request, Availability availability) {
    Objects.requireNonNull(availability, "availability");
    List<String> reasons = new ArrayList<>();
    List<ScoredLocation> ranked = new ArrayList<>();
    for (RoutingLocation location : eligible(request, reasons)) {
      ranked.add(ScoredLocation.of(location, request.destination(), request.now(), weights));
    }
    ranked.sort(ScoredLocation.BEST_FIRST);
    Stock stock = Stock.read(request.lines(), ranked, availability);
    List<Candidate> candidates = candidates(request, ranked, stock);

    List<Allocation> allocations = new ArrayList<>();
    if (request.lines().isEmpty()) {
      reasons.add("nothing to route: the order has no lines");
    } else if (ranked.isEmpty()) {
      reasons.add(request.pickupLocationId() == null
          ? "no active location ships" : "no location to collect from");
    } else {
      int whole = firstWithEverything(candidates, request.lines().size());
      if (whole >= 0) {
        fromOne(request, ranked, candidates, stock, whole, allocations, reasons);
      } else {
        split(request, ranked, stock, allocations, reasons);
      }
    }
    List<Integer> unrouted = unrouted(request, stock, reasons);
    return new RoutingDecision(unrouted.isEmpty(), allocations, candidates, reasons, unrouted);
  }

  /** Locations allowed to fulfil, with a sentence about any that were left out. */
  private static List<RoutingLocation> eligible(RoutingRequest request, List<String> reasons) {
    List<RoutingLocation> eligible = new ArrayList<>();
    Long pickupId = request.pickupLocationId();
    if (pickupId != null) {
      for (RoutingLocation location : request.locations()) {
        if (location.id() != pickupId) {
          continue;
        }
        if (!location.active()) {
          reasons.add("click and collect: " + location.code() + " is inactive");
        } else if (!location.pickup()) {
          reasons.add("click and collect: " + location.code() + " does not offer pickup");
        } else {
          reasons.add("click and collect at " + location.code() + ": only that location is considered");
          eligible.add(location);
        }
        return eligible;
      }
      reasons.add("click and collect: location " + pickupId + " is not among the order's locations");
      return eligible;
    }
    List<String> skipped = new ArrayList<>();
    for (RoutingLocation location : request.locations()) {
      if (location.active() && location.ships()) {
        eligible.add(location);
      } else {
        skipped.add(location.code() + (location.active() ? " (does not ship)" : " (inactive)"));
      }
    }
    if (!skipped.isEmpty()) {
      int listed = Math.min(skipped.size(), SKIPPED_CODES_LISTED);
      String more = skipped.size() > listed ? " and " + (skipped.size() - listed) + " more" : "";
      reasons.add("not considered: " + String.join(", ", skipped.subList(0, listed)) + more);
    }
    return eligible;
  }

  private static List<Candidate> candidates(RoutingRequest request, List<ScoredLocation> ranked, Stock stock) {
    int lines = request.lines().size();
    List<Candidate> candidates = new ArrayList<>(ranked.size());
    for (int rank = 0; rank < ranked.size(); rank++) {
      ScoredLocation scored = ranked.get(rank);
      int covered = stock.linesCovered(rank);
      StringBuilder reason = new StringBuilder(96).append(scored.location().code()).append(": ")
          .append(scored.facts()).append("; has ");
      if (covered == lines) {
        reason.append("all ").append(lines).append(lines == 1 ? " line" : " lines");
      } else {
        reason.append(covered).append(" of ").append(lines).append(" lines");
      }
      ReasonText.score(reason.append("; score "), scored.score());
      candidates.add(new Candidate(scored.location().id(), scored.location().code(), scored.score(),
          scored.distanceKm(), scored.capacityFull(), scored.pastCutoff(), covered, reason.toString()));
    }
    return candidates;
  }

  private static int firstWithEverything(List<Candidate> candidates, int lines) {
    for (int rank = 0; rank < candidates.size(); rank++) {
      if (candidates.get(rank).linesCovered() == lines) {
        return rank;
      }
    }
    return -1;
  }

  /** The whole order from the best-scored location that has everything. */
  private static void fromOne(RoutingRequest request, List<ScoredLocation> ranked, List<Candidate> candidates,
      Stock stock, int whole, List<Allocation> allocations, List<String> reasons) {
    List<RoutingLine> lines = request.lines();
    RoutingLocation chosen = ranked.get(whole).location();
    for (int line = 0; line < lines.size(); line++) {
      RoutingLine routing = lines.get(line);
      allocations.add(new Allocation(routing.lineNo(), routing.variantId(), chosen.id(), stock.take(whole, line)));
    }
    Candidate picked = candidates.get(whole);
    String what = lines.size() == 1 ? "its only line" : "all " + lines.size() + " lines";
    reasons.add(chosen.code() + (request.pickupLocationId() == null ? " ships " : " has ") + what + ": "
        + ranked.get(whole).facts());
    if (whole > 0) {
      Candidate best = candidates.get(0);
      reasons.add(best.code() + " scores better (" + ReasonText.score(best.score()) + " against "
          + ReasonText.score(picked.score()) + ") but has only " + best.linesCovered() + " of "
          + lines.size() + " lines: one shipment beats a split");
    }
    for (int rank = whole + 1; rank < candidates.size(); rank++) {
      Candidate next = candidates.get(rank);
      if (next.linesCovered() == lines.size()) {
        reasons.add(next.code() + " also has everything but scores " + ReasonText.score(next.score())
            + " against " + ReasonText.score(picked.score()));
        break;
      }
    }
  }

  /** Greedy split: most units still needed first, equal cover by rank (score, then id). */
  private void split(RoutingRequest request, List<ScoredLocation> ranked, Stock stock,
      List<Allocation> allocations, List<String> reasons) {
    boolean pickup = request.pickupLocationId() != null;
    List<RoutingLine> lines = request.lines();
    if (!pickup) {
      reasons.add("no location has all " + lines.size() + " lines: splitting, most units covered first");
    }
    boolean[] used = new boolean[ranked.size()];
    int shipments = 0;
    double total = 0;
    long unitsLeft = stock.unitsLeft();
    while (unitsLeft > 0) {
      int best = -1;
      long bestUnits = 0;
      for (int rank = 0; rank < ranked.size(); rank++) {
        long units = used[rank] ? 0 : stock.coverable(rank);
        if (units > bestUnits) {
          best = rank;
          bestUnits = units;
        }
      }
      if (best < 0) {
        break;
      }
      used[best] = true;
      shipments++;
      total += ranked.get(best).score();
      takeAll(ranked.get(best), best, pickup, bestUnits, unitsLeft, lines, stock, allocations, reasons);
      unitsLeft -= bestUnits;
    }
    if (shipments > 1) {
      double penalty = (shipments - 1) * weights.splitPenalty();
      reasons.add("split into " + shipments + " shipments: split penalty " + (shipments - 1) + " x "
          + ReasonText.score(weights.splitPenalty()) + " = " + ReasonText.score(penalty)
          + ", total score " + ReasonText.score(total + penalty));
    }
  }

  /** One step of a split: all the location has of what is still needed, and what it lacks. */
  private static void takeAll(ScoredLocation scored, int rank, boolean pickup, long units, long unitsLeft,
      List<RoutingLine> lines, Stock stock, List<Allocation> allocations, List<String> reasons) {
    RoutingLocation location = scored.location();
    List<String> shortfalls = new ArrayList<>();
    StringBuilder covered = new StringBuilder();
    int linesServed = 0;
    for (int line = 0; line < lines.size(); line++) {
      int wanted = stock.remaining(line);
      if (wanted == 0) {
        continue;
      }
      RoutingLine routing = lines.get(line);
      int took = stock.take(rank, line);
      if (took > 0) {
        allocations.add(new Allocation(routing.lineNo(), routing.variantId(), location.id(), took));
        covered.append(linesServed++ == 0 ? "" : ", ").append(routing.lineNo());
        if (took < wanted) {
          covered.append(" (").append(took).append(" of ").append(wanted).append(')');
        }
      }
      if (took < wanted) {
        shortfalls.add((pickup ? "" : "split: ") + location.code()
            + (took == 0 ? " has none of " : " has only " + took + " of " + wanted + " ") + routing.sku());
      }
    }
    reasons.add(location.code() + (pickup ? " has " : " ships ") + units + " of " + unitsLeft + " units ("
        + (linesServed == 1 ? "line " : "lines ") + covered + "): " + scored.facts());
    reasons.addAll(shortfalls);
  }

  /** Lines not allocated in full, with a sentence each. */
  private static List<Integer> unrouted(RoutingRequest request, Stock stock, List<String> reasons) {
    List<Integer> unrouted = new ArrayList<>();
    for (int line = 0; line < request.lines().size(); line++) {
      int missing = stock.remaining(line);
      if (missing > 0) {
        RoutingLine routing = request.lines().get(line);
        unrouted.add(routing.lineNo());
        reasons.add("unrouted: line " + routing.lineNo() + " (" + routing.sku() + ") is short " + missing
            + " of " + count(routing.quantity(), "unit"));
      }
    }
    return unrouted;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
