package io.surge.infra.pg;

import io.vertx.sqlclient.Tuple;
import java.util.Collection;

/**
 * Tuples holding arrays. Always built value by value: {@code Tuple.of(x, array)} spreads the
 * array into separate parameters (a trap the prototype fell into).
 */
public final class Tuples {
  private Tuples() {}

  /** One {@code bigint[]} parameter. */
  public static Tuple ofIds(Collection<Long> ids) {
    return Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0]));
  }

  /** A {@code bigint} then a {@code bigint[]} parameter. */
  public static Tuple ofIdAndIds(long id, Collection<Long> ids) {
    return Tuple.tuple().addLong(id).addArrayOfLong(ids.toArray(new Long[0]));
  }
}
