package io.surge.graphql;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a keyset-paginated list and what the Relay connection needs to render it.
 *
 * @param items at most the requested count, in order
 * @param hasNextPage whether more items follow the last one
 * @param hasPreviousPage whether the page started after a cursor
 * @param totalCount items matching the filter, on all pages
 * @param keyOf the sort key an item's cursor encodes
 */
public record Page<T>(List<T> items, boolean hasNextPage, boolean hasPreviousPage, long totalCount,
    ToLongFunction<T> keyOf) {

  /** Builds a page from rows fetched with {@code limit = first + 1}: the extra row means "more". */
  public static <T> Page<T> of(List<T> rows, int first, boolean afterCursor, long totalCount,
      ToLongFunction<T> keyOf) {
    boolean more = rows.size() > first;
    return new Page<>(more ? rows.subList(0, first) : rows, more, afterCursor, totalCount, keyOf);
  }
}
