package io.surge.graphql;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;

/**
 * DataLoaders over Vert.x futures. Made per request (see {@link DomainWiring#loaders}) so
 * that every to-one and to-many lookup of one request becomes one SQL statement per level of the
 * query, instead of one per row (the N+1 problem), and nothing is cached across callers.
 */
public final class Loaders {
  private static final DataLoaderOptions OPTIONS = DataLoaderOptions.newOptions()
      .setMaxBatchSize(1_000)
      .build();

  private Loaders() {}

  /** A to-one loader: missing keys load as null. */
  public static <K, V> DataLoader<K, V> toOne(Function<Set<K>, Future<Map<K, V>>> batch) {
    return DataLoaderFactory.newMappedDataLoader(
        (Set<K> keys) -> batch.apply(keys).toCompletionStage(), OPTIONS);
  }

  /** A to-many loader: missing keys load as an empty list. */
  public static <K, V> DataLoader<K, List<V>> toMany(
      Function<Set<K>, Future<Map<K, List<V>>>> batch) {
    return DataLoaderFactory.newMappedDataLoader(
        (Set<K> keys) -> batch.apply(keys).map(found -> {
          Map<K, List<V>> complete = new java.util.HashMap<>(found);
          keys.forEach(key -> complete.putIfAbsent(key, List.of()));
          return complete;
        }).toCompletionStage(), OPTIONS);
  }
}
