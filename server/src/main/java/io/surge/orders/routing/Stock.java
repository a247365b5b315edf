package io.surge.orders.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The units each ranked location has left for this order and the units each line still needs,
 * as allocation proceeds. Lines of the same variant share one count per location, so two lines
 * can never take the same unit. Availability is asked once per variant and location, here.
 * Not thread-safe: one per {@link RoutingPolicy#route} call.
 */
final class Stock {
  private final List<RoutingLine> lines;
  private final int[] slotOfLine;
  private final int[][] left;
  private final int[] remaining;
  private final int[] scratch;

  private Stock(List<RoutingLine> lines, int[] slotOfLine, int[][] left) {
    this.lines = lines;
    this.slotOfLine = slotOfLine;
    this.left = left;
    this.remaining = new int[lines.size()];
    for (int line = 0; line < remaining.length; line++) {
      remaining[line] = lines.get(line).quantity();
    }
    this.scratch = new int[left.length == 0 ? 0 : left[0].length];
  }

  /** Reads availability for every variant of the order at every ranked location. */
  static Stock read(List<RoutingLine> lines, List<ScoredLocation> ranked, Availability availability) {
    Map<Long, Integer> slots = new HashMap<>();
    int[] slotOfLine = new int[lines.size()];
    long[] variants = new long[lines.size()];
    for (int line = 0; line < lines.size(); line++) {
      long variant = lines.get(line).variantId();
      Integer slot = slots.get(variant);
      if (slot == null) {
        slot = slots.size();
        slots.put(variant, slot);
        variants[slot] = variant;
      }
      slotOfLine[line] = slot;
    }
    int[][] left = new int[ranked.size()][slots.size()];
    for (int rank = 0; rank < ranked.size(); rank++) {
      long locationId = ranked.get(rank).location().id();
      for (int slot = 0; slot < slots.size(); slot++) {
        left[rank][slot] = Math.max(0, availability.available(variants[slot], locationId));
      }
    }
    return new Stock(lines, slotOfLine, left);
  }

  /** Units the location could give towards what is still needed, without taking them. */
  long coverable(int rank) {
    System.arraycopy(left[rank], 0, scratch, 0, scratch.length);
    long units = 0;
    for (int line = 0; line < remaining.length; line++) {
      int take = Math.min(remaining[line], scratch[slotOfLine[line]]);
      scratch[slotOfLine[line]] -= take;
      units += take;
    }
    return units;
  }

  /** Lines the location could fill completely on its own, from what it has before any allocation. */
  int linesCovered(int rank) {
    System.arraycopy(left[rank], 0, scratch, 0, scratch.length);
    int covered = 0;
    for (int line = 0; line < remaining.length; line++) {
      int wanted = lines.get(line).quantity();
      if (scratch[slotOfLine[line]] >= wanted) {
        scratch[slotOfLine[line]] -= wanted;
        covered++;
      }
    }
    return covered;
  }

  /** Takes as much of the line as the location has, up to what the line still needs. */
  int take(int rank, int line) {
    int slot = slotOfLine[line];
    int take = Math.min(remaining[line], left[rank][slot]);
    left[rank][slot] -= take;
    remaining[line] -= take;
    return take;
  }

  int remaining(int line) {
    return remaining[line];
  }

  long unitsLeft() {
    long units = 0;
    for (int need : remaining) {
      units += need;
    }
    return units;
  }
}
