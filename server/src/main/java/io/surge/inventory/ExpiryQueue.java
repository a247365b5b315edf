package io.surge.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The active reservations of this node by expiry time. Not thread-safe: owned by the journal's
 * context. Extending a reservation leaves its old heap entry behind; {@link #due} skips entries
 * whose time no longer matches.
 */
final class ExpiryQueue {
  private record Due(long expiresAtMillis, long reservationId) {}

  private final PriorityQueue<Due> heap =
      new PriorityQueue<>((a, b) -> Long.compare(a.expiresAtMillis(), b.expiresAtMillis()));
  private final Map<Long, Long> current = new HashMap<>();

  void track(long reservationId, Instant expiresAt) {
    long millis = expiresAt.toEpochMilli();
    current.put(reservationId, millis);
    heap.add(new Due(millis, reservationId));
  }

  void forget(long reservationId) {
    current.remove(reservationId);
  }

  /** Removes and returns up to {@code max} reservations due at {@code now}. */
  List<Long> due(Instant now, int max) {
    long nowMillis = now.toEpochMilli();
    List<Long> due = new ArrayList<>();
    while (!heap.isEmpty() && heap.peek().expiresAtMillis() <= nowMillis && due.size() < max) {
      Due next = heap.poll();
      Long expected = current.get(next.reservationId());
      if (expected != null && expected == next.expiresAtMillis()) {
        current.remove(next.reservationId());
        due.add(next.reservationId());
      }
    }
    return due;
  }

  int size() {
    return current.size();
  }
}
