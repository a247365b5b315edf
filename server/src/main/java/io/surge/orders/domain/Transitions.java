package io.surge.orders.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed status changes, as loaded from the {@code order_transition} table: the state
 * machine is data, so adding a transition is a migration, not a code change. Immutable.
 */
public final class Transitions {
  private final Map<OrderStatus, Set<OrderStatus>> allowed;

  public Transitions(Map<OrderStatus, Set<OrderStatus>> allowed) {
    Map<OrderStatus, Set<OrderStatus>> copy = new EnumMap<>(OrderStatus.class);
    allowed.forEach((from, to) -> copy.put(from, to.isEmpty() ? Set.of() : EnumSet.copyOf(to)));
    this.allowed = copy;
  }

  public boolean allows(OrderStatus from, OrderStatus to) {
    return from == to || allowed.getOrDefault(from, Set.of()).contains(to);
  }
}
