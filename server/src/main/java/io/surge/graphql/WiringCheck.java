package io.surge.graphql;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds SDL fields that nothing would resolve: no explicit fetcher and no accessor of that name on
 * the type's declared source class. A field like that silently answers null, so start-up and a
 * test refuse it.
 */
public final class WiringCheck {
  private static final Set<String> ROOTS = Set.of("Query", "Mutation", "Subscription");

  private WiringCheck() {}

  /** Every unresolvable field as {@code Type.field}, sorted; empty when the wiring is complete. */
  public static List<String> unwiredFields(GraphQLSchema schema, SchemaWiring wiring) {
    List<String> missing = new ArrayList<>();
    for (var type : schema.getAllTypesAsList()) {
      if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
        continue;
      }
      Class<?> source = wiring.sources().get(object.getName());
      for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
        var coordinates = FieldCoordinates.coordinates(object.getName(), field.getName());
        if (wiring.fetchers().containsKey(coordinates)) {
          continue;
        }
        if (ROOTS.contains(object.getName()) || source == null || !hasAccessor(source, field.getName())) {
          missing.add(object.getName() + "." + field.getName());
        }
      }
    }
    for (String declared : wiring.sources().keySet()) {
      if (!(schema.getType(declared) instanceof GraphQLObjectType)) {
        missing.add(declared + " (source class declared for a type the SDL does not have)");
      }
    }
    missing.sort(String::compareTo);
    return missing;
  }

  private static boolean hasAccessor(Class<?> source, String name) {
    String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (String candidate : List.of(name, "get" + capitalised, "is" + capitalised)) {
      try {
        Method method = source.getMethod(candidate);
        if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() != void.class) {
          return true;
        }
      } catch (NoSuchMethodException ignored) {
        // try the next naming convention
      }
    }
    return false;
  }
}
