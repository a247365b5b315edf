package io.surge.graphql;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;

/**
 * How to make each named DataLoader, collected from the domains at start-up. A request's registry
 * makes a loader the first time a fetcher asks for it, so a request pays only for the loaders it
 * uses (a reservation uses none), and graphql-java dispatches only those.
 */
public final class LoaderFactories {
  private final Map<String, Supplier<DataLoader<?, ?>>> factories = new HashMap<>();

  public LoaderFactories register(String name, Supplier<DataLoader<?, ?>> factory) {
    if (factories.putIfAbsent(name, factory) != null) {
      throw new IllegalStateException("DataLoader registered twice: " + name);
    }
    return this;
  }

  /** A fresh, empty registry for one request that fills itself from these factories. */
  public DataLoaderRegistry newRegistry() {
    return new DataLoaderRegistry() {
      @Override
      public <K, V> DataLoader<K, V> getDataLoader(String key) {
        Supplier<DataLoader<?, ?>> factory = factories.get(key);
        if (factory == null) {
          throw new IllegalArgumentException("no DataLoader named " + key);
        }
        return computeIfAbsent(key, name -> factory.get());
      }
    };
  }
}
