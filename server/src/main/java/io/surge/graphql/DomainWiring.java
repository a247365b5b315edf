package io.surge.graphql;

/**
 * One domain's share of the GraphQL API: the data fetchers for the fields of its SDL file, and
 * the DataLoaders its fetchers use. Implementations are built once per node and shared by all
 * event loops, so they hold no per-request state.
 */
public interface DomainWiring {

  /** Registers this domain's fetchers, source classes and {@code node} lookups. */
  void wire(SchemaWiring wiring);

  /** Says how to make this domain's DataLoaders; each request makes the ones it uses. */
  default void loaders(LoaderFactories factories) {}

  /** Registers planners for hot mutations answered without graphql-java ({@link PlannedOperations}). */
  default void plans(PlannedOperations plans) {}
}
