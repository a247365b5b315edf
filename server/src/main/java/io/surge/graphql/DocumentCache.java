package io.surge.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.OperationDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Caches parsed, validated and limit-checked documents by query text, so a repeated query skips
 * parsing and validation (without this cache the prototype's hot path lost 2-6x). Documents with
 * errors are not cached: they cannot crowd out good ones. Thread-safe (Caffeine).
 *
 * <p>Also enforces what depends on the transport: a request marked {@link #QUERIES_ONLY} (HTTP
 * GET) may only run a query operation.
 */
public final class DocumentCache implements PreparsedDocumentProvider {
  /** GraphQLContext key: when true, only query operations may run. */
  public static final String QUERIES_ONLY = "surge.queriesOnly";
  /** GraphQLContext key the cache fills with the operation's name (or "anonymous"), for metrics. */
  public static final String OPERATION_NAME = "surge.operationName";
  /** Set in the GraphQLContext when the selected operation may be answered from the {@link ResponseCache}. */
  public static final String CACHEABLE = "surge.cacheable";

  private final Cache<String, PreparsedDocumentEntry> cache;
  private final QueryLimits limits;

  private java.util.function.Predicate<OperationDefinition> cacheable = operation -> false;

  /** Says which operations the response cache may answer (see {@link ResponseCache#cacheable}). */
  void cacheableWhen(java.util.function.Predicate<OperationDefinition> rule) {
    this.cacheable = rule;
  }

  public DocumentCache(QueryLimits limits, int maxDocuments) {
    this.limits = limits;
    this.cache = Caffeine.newBuilder().maximumSize(maxDocuments).build();
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    PreparsedDocumentEntry entry = cache.getIfPresent(input.getQuery());
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      if (!entry.hasErrors()) {
        var broken = limits.check(entry.getDocument());
        if (broken.isPresent()) {
          return CompletableFuture.completedFuture(new PreparsedDocumentEntry(broken.get()));
        }
        cache.put(input.getQuery(), entry);
      }
    }
    if (!entry.hasErrors()) {
      OperationDefinition operation = selectedOperation(entry, input.getOperationName());
      if (operation != null) {
        input.getGraphQLContext().put(OPERATION_NAME,
            operation.getName() == null ? "anonymous" : operation.getName());
        if (cacheable.test(operation)) {
          input.getGraphQLContext().put(CACHEABLE, true);
        }
        if (Boolean.TRUE.equals(input.getGraphQLContext().get(QUERIES_ONLY))
            && operation.getOperation() != OperationDefinition.Operation.QUERY) {
          return CompletableFuture.completedFuture(new PreparsedDocumentEntry(
              GraphqlErrorBuilder.newError()
                  .message("only queries may be sent with GET; send mutations with POST")
                  .extensions(Map.of("code", ErrorCode.BAD_USER_INPUT.name()))
                  .build()));
        }
      }
    }
    return CompletableFuture.completedFuture(entry);
  }

  /** Whether this query text is cached (parsed, valid and within limits). */
  public boolean isCached(String query) {
    return cache.getIfPresent(query) != null;
  }

  private static OperationDefinition selectedOperation(PreparsedDocumentEntry entry, String name) {
    List<OperationDefinition> operations =
        entry.getDocument().getDefinitionsOfType(OperationDefinition.class);
    if (name == null || name.isEmpty()) {
      return operations.size() == 1 ? operations.get(0) : null;
    }
    for (OperationDefinition operation : operations) {
      if (name.equals(operation.getName())) {
        return operation;
      }
    }
    return null;
  }
}
