package io.surge.orders.routing;

import java.util.List;

/**
 * Where an order's lines ship from, and why. {@code routed} is false when some line cannot be
 * allocated in full; {@code unroutedLines} lists those line numbers, and {@code allocations} still
 * holds what could be allocated, so the caller chooses between a partial shipment, a backorder
 * and a refusal. {@code candidates} are the considered locations, best score first;
 * {@code reasons} are ordered sentences explaining the choice. Immutable; the lists are copied.
 */
public record RoutingDecision(boolean routed, List<Allocation> allocations, List<Candidate> candidates,
    List<String> reasons, List<Integer> unroutedLines) {

  public RoutingDecision {
    allocations = List.copyOf(allocations);
    candidates = List.copyOf(candidates);
    reasons = List.copyOf(reasons);
    unroutedLines = List.copyOf(unroutedLines);
  }
}
