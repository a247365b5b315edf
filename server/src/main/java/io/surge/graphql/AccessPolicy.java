package io.surge.graphql;

import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.EnumValue;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.surge.access.domain.Principal;
import io.surge.access.domain.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may call each root field, as the SDL declares with {@code @access(roles:)} or
 * {@code @public}. Enforced by wrapping the root fetchers, so a field cannot be reached without
 * its check, and a root field without a declaration is refused at start-up.
 */
public final class AccessPolicy {
  private static final List<String> ROOTS = List.of("Query", "Mutation", "Subscription");

  /** Roles allowed per root field; an empty set means public. */
  private final Map<FieldCoordinates, Set<Role>> rules;

  private AccessPolicy(Map<FieldCoordinates, Set<Role>> rules) {
    this.rules = rules;
  }

  public static AccessPolicy fromSdl(TypeDefinitionRegistry registry) {
    Map<FieldCoordinates, Set<Role>> rules = new HashMap<>();
    List<String> undeclared = new ArrayList<>();
    for (String root : ROOTS) {
      List<ObjectTypeDefinition> definitions = new ArrayList<>();
      registry.getType(root, ObjectTypeDefinition.class).ifPresent(definitions::add);
      definitions.addAll(registry.objectTypeExtensions().getOrDefault(root, List.of()));
      for (ObjectTypeDefinition definition : definitions) {
        for (FieldDefinition field : definition.getFieldDefinitions()) {
          var coordinates = FieldCoordinates.coordinates(root, field.getName());
          if (field.hasDirective("public")) {
            rules.put(coordinates, Set.of());
          } else if (field.hasDirective("access")) {
            rules.put(coordinates, roles(field.getDirectives("access").get(0)));
          } else {
            undeclared.add(root + "." + field.getName());
          }
        }
      }
    }
    if (!undeclared.isEmpty()) {
      throw new IllegalStateException("root fields without @access or @public: " + undeclared);
    }
    return new AccessPolicy(rules);
  }

  private static Set<Role> roles(Directive directive) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    var value = directive.getArgument("roles").getValue();
    for (var element : ((ArrayValue) value).getValues()) {
      roles.add(Role.valueOf(((EnumValue) element).getName()));
    }
    roles.add(Role.ADMIN);
    return roles;
  }

  /** Wraps every root fetcher with its check; non-root fetchers are returned as they are. */
  public Map<FieldCoordinates, DataFetcher<?>> guard(Map<FieldCoordinates, DataFetcher<?>> fetchers) {
    Map<FieldCoordinates, DataFetcher<?>> guarded = new HashMap<>(fetchers);
    rules.forEach((coordinates, roles) -> {
      DataFetcher<?> fetcher = fetchers.get(coordinates);
      if (fetcher != null && !roles.isEmpty()) {
        guarded.put(coordinates, env -> {
          Principal principal = RequestContext.of(env).requirePrincipal();
          if (!roles.contains(principal.role())) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                "a " + principal.role() + " key may not call " + coordinates.getFieldName());
          }
          return fetcher.get(env);
        });
      }
    });
    return guarded;
  }
}
