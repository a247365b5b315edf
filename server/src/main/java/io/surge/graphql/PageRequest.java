package io.surge.graphql;

import graphql.schema.DataFetchingEnvironment;

/**
 * Relay's {@code first/after} read from field arguments and checked: {@code first} is 0 to
 * {@link #MAX_PAGE_SIZE}; {@code after} is a cursor this server issued.
 */
public record PageRequest(int first, long afterKey, boolean hasCursor) {
  public static final int MAX_PAGE_SIZE = 100;

  public static PageRequest from(DataFetchingEnvironment env) {
    Integer first = env.getArgument("first");
    String after = env.getArgument("after");
    int size = first == null ? 20 : first;
    if (size < 0 || size > MAX_PAGE_SIZE) {
      throw ApiException.badInput("first must be between 0 and " + MAX_PAGE_SIZE);
    }
    return after == null
        ? new PageRequest(size, 0L, false)
        : new PageRequest(size, Cursors.decode(after), true);
  }

  /** The SQL {@code LIMIT}: one more than asked, to know whether a next page exists. */
  public int limit() {
    return first + 1;
  }
}
