package io.surge.graphql;

import io.vertx.core.Future;

/** Loads one object of a {@code Node} type by its numeric ID for {@code node(id:)}; null when absent or not visible. */
@FunctionalInterface
public interface NodeLookup {
  Future<Object> load(RequestContext context, long id);
}
