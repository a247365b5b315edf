package io.surge.graphql;

import java.util.ArrayList;
import java.util.List;

/**
 * A Relay connection rendered from a {@link Page}; every {@code *Connection} type in the SDL has
 * this shape ({@code edges}, {@code pageInfo}, {@code totalCount}).
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, long totalCount) {

  /** One item and the cursor that pages after it. */
  public record Edge<T>(String cursor, T node) {}

  /** Relay page information. */
  public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor,
      String endCursor) {}

  public static <T> Connection<T> of(Page<T> page) {
    List<Edge<T>> edges = new ArrayList<>(page.items().size());
    for (T item : page.items()) {
      edges.add(new Edge<>(Cursors.encode(page.keyOf().applyAsLong(item)), item));
    }
    String start = edges.isEmpty() ? null : edges.get(0).cursor();
    String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
    return new Connection<>(edges,
        new PageInfo(page.hasNextPage(), page.hasPreviousPage(), start, end), page.totalCount());
  }
}
