package io.surge.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the domains register while the schema is assembled: explicit data fetchers, the Java class
 * behind each object type (whose record accessors serve the remaining fields), and {@code node}
 * lookups. {@link WiringCheck} uses it to prove that no SDL field is left without a fetcher.
 * Used only at start-up, on one thread.
 */
public final class SchemaWiring {
  private final Map<FieldCoordinates, DataFetcher<?>> fetchers = new LinkedHashMap<>();
  private final Map<String, Class<?>> sources = new LinkedHashMap<>();
  private final Map<String, NodeLookup> nodes = new LinkedHashMap<>();

  public SchemaWiring query(String field, DataFetcher<?> fetcher) {
    return field("Query", field, fetcher);
  }

  public SchemaWiring mutation(String field, DataFetcher<?> fetcher) {
    return field("Mutation", field, fetcher);
  }

  public SchemaWiring subscription(String field, DataFetcher<?> fetcher) {
    return field("Subscription", field, fetcher);
  }

  public SchemaWiring field(String type, String field, DataFetcher<?> fetcher) {
    var coordinates = FieldCoordinates.coordinates(type, field);
    if (fetchers.putIfAbsent(coordinates, fetcher) != null) {
      throw new IllegalStateException("fetcher wired twice: " + coordinates);
    }
    return this;
  }

  /** Declares that objects of GraphQL type {@code type} are instances of {@code javaClass}. */
  public SchemaWiring source(String type, Class<?> javaClass) {
    if (sources.putIfAbsent(type, javaClass) != null) {
      throw new IllegalStateException("source class declared twice for " + type);
    }
    return this;
  }

  /**
   * Declares a {@code Node} type: its Java class, the numeric key its global {@code id} encodes,
   * and how {@code node(id:)} loads it.
   */
  public <T> SchemaWiring node(String type, Class<T> javaClass, ToLongFunction<T> key,
      NodeLookup lookup) {
    source(type, javaClass);
    field(type, "id", env -> GlobalId.encode(type, key.applyAsLong(javaClass.cast(env.getSource()))));
    nodes.put(type, lookup);
    return this;
  }

  public Map<FieldCoordinates, DataFetcher<?>> fetchers() {
    return fetchers;
  }

  public Map<String, Class<?>> sources() {
    return sources;
  }

  public Map<String, NodeLookup> nodes() {
    return nodes;
  }

  /** The GraphQL type name of a source object, for interface type resolution. */
  public String typeNameOf(Object source) {
    for (var entry : sources.entrySet()) {
      if (entry.getValue() == source.getClass()) {
        return entry.getKey();
      }
    }
    return null;
  }
}
