package io.surge.graphql;

import org.dataloader.DataLoaderRegistry;

/**
 * One domain's share of the GraphQL API: the data fetchers for the fields of its SDL file, and
 * the DataLoaders its fetchers use. Implementations are built once per node and shared by all
 * event loops, so they hold no per-request state.
 */
public interface DomainWiring {

  /** Registers this domain's fetchers, source classes and {@code node} lookups. */
  void wire(SchemaWiring wiring);

  /** Adds this domain's DataLoaders to a request's registry (called once per request). */
  default void registerLoaders(DataLoaderRegistry registry) {}
}
