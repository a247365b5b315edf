package io.surge.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Future;
import java.util.concurrent.CompletionStage;

/**
 * A data fetcher written with Vert.x futures. graphql-java wants a {@link CompletionStage}; the
 * future completes on the event loop that ran the query, so the request never leaves it.
 */
@FunctionalInterface
public interface AsyncFetcher<T> {
  Future<T> get(DataFetchingEnvironment env);

  static <T> DataFetcher<CompletionStage<T>> of(AsyncFetcher<T> fetcher) {
    return env -> fetcher.get(env).toCompletionStage();
  }
}
