package io.surge.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.Field;
import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.surge.access.domain.Principal;
import io.surge.access.domain.Role;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Storefront answers kept for a moment: a query made only of root fields marked {@code @cacheable}
 * in the SDL, asked by a CHANNEL key or anonymously, is answered from here while its entry lives
 * (default one second), without parsing or executing anything. The key is the exact request: the
 * Authorization header and the body bytes, so a cached answer only ever goes to a caller who sent
 * the same key (authorization included) and the same document and variables. ADMIN and STAFF
 * answers are never stored: staff screens always read the record. Only answers without errors are
 * kept. This is what lets a flash sale's thousands of shoppers looking at one product cost one
 * execution per second instead of one each. Thread-safe.
 */
public final class ResponseCache {
  /** Bodies larger than this are not looked up (a storefront read is small). */
  static final int MAX_KEYED_BODY = 4_096;

  private final Cache<String, Buffer> answers;
  private final Set<String> cacheableRootFields;

  private ResponseCache(Duration ttl, Set<String> cacheableRootFields) {
    this.answers = ttl.isZero() ? null
        : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    this.cacheableRootFields = Set.copyOf(cacheableRootFields);
  }

  /** A cache for the Query fields the SDL marks {@code @cacheable}; a zero {@code ttl} turns it off. */
  public static ResponseCache fromSdl(TypeDefinitionRegistry registry, Duration ttl) {
    Set<String> fields = new HashSet<>();
    List<ObjectTypeDefinition> definitions = new ArrayList<>();
    registry.getType("Query", ObjectTypeDefinition.class).ifPresent(definitions::add);
    definitions.addAll(registry.objectTypeExtensions().getOrDefault("Query", List.of()));
    for (ObjectTypeDefinition definition : definitions) {
      for (FieldDefinition field : definition.getFieldDefinitions()) {
        if (field.hasDirective("cacheable")) {
          fields.add(field.getName());
        }
      }
    }
    return new ResponseCache(ttl, fields);
  }

  public boolean enabled() {
    return answers != null;
  }

  /** The cache key of a request, or null when it cannot be answered from the cache. */
  public String keyOf(String authorization, Buffer body) {
    if (answers == null || body == null || body.length() > MAX_KEYED_BODY) {
      return null;
    }
    return (authorization == null ? "" : authorization) + '\n' + body.toString();
  }

  public Buffer get(String key) {
    return key == null ? null : answers.getIfPresent(key);
  }

  /** Keeps an answer to a storefront caller (CHANNEL key or none) of a cacheable operation. */
  public void put(String key, Principal caller, Buffer answer) {
    if (key != null && (caller == null || caller.role() == Role.CHANNEL)) {
      answers.put(key, answer);
    }
  }

  /** Whether every root selection of the operation is a {@code @cacheable} field (or __typename). */
  public boolean cacheable(OperationDefinition operation) {
    if (operation.getOperation() != OperationDefinition.Operation.QUERY || cacheableRootFields.isEmpty()) {
      return false;
    }
    for (Selection<?> selection : operation.getSelectionSet().getSelections()) {
      if (!(selection instanceof Field field)) {
        return false;
      }
      if (!cacheableRootFields.contains(field.getName()) && !"__typename".equals(field.getName())) {
        return false;
      }
    }
    return true;
  }
}
