package io.surge.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import io.surge.app.SurgeConfig.GraphQLLimitsConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Static limits on a parsed, valid document: selection depth, alias count and an estimated cost
 * (each field costs 1, and a paged field multiplies what is under it by its page size). Checked
 * once per distinct document, when it enters the cache, so cached requests pay nothing.
 * Introspection ({@code __schema}, {@code __type}) is left to graphql-java's own good-faith guard.
 */
public final class QueryLimits {
  private static final int WORST_CASE_PAGE = PageRequest.MAX_PAGE_SIZE;
  /** What a connection field returns when {@code first} is left out (the SDL default). */
  private static final int DEFAULT_PAGE = 20;
  private final GraphQLLimitsConfig config;

  public QueryLimits(GraphQLLimitsConfig config) {
    this.config = config;
  }

  /** Measured shape of a document. */
  public record Shape(int depth, long complexity, int aliases) {}

  /** The first limit the document breaks, as a client-facing error, if any. */
  public Optional<GraphQLError> check(Document document) {
    Shape shape = measure(document);
    if (shape.depth() > config.maxDepth()) {
      return Optional.of(error("depth", config.maxDepth(), shape.depth()));
    }
    if (shape.aliases() > config.maxAliases()) {
      return Optional.of(error("aliases", config.maxAliases(), shape.aliases()));
    }
    if (shape.complexity() > config.maxComplexity()) {
      return Optional.of(error("complexity", config.maxComplexity(), shape.complexity()));
    }
    return Optional.empty();
  }

  public Shape measure(Document document) {
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
      fragments.put(fragment.getName(), fragment);
    }
    var walker = new Walker(fragments);
    int depth = 0;
    long complexity = 0;
    for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
      Walker.Result result = walker.walk(operation.getSelectionSet(), 0);
      depth = Math.max(depth, result.depth());
      complexity = Math.max(complexity, result.cost());
    }
    return new Shape(depth, complexity, (int) Math.min(walker.aliases, Integer.MAX_VALUE));
  }

  private static GraphQLError error(String limit, long max, long actual) {
    return GraphqlErrorBuilder.newError()
        .message("query " + limit + " " + actual + " exceeds the limit of " + max)
        .extensions(Map.of("code", ErrorCode.BAD_USER_INPUT.name(), "limit", limit,
            "max", max, "actual", actual))
        .build();
  }

  /**
   * Walks selections, expanding fragments; valid documents have no fragment cycles. Each fragment
   * is walked once and its figures reused: a fragment spread twice per level (a "fragment bomb")
   * would otherwise cost 2^levels steps on the event loop.
   */
  private static final class Walker {
    record Result(int depth, long cost) {}

    private record Measured(Result result, long aliases) {}

    private final Map<String, FragmentDefinition> fragments;
    private final Map<String, Measured> measured = new HashMap<>();
    private long aliases;

    Walker(Map<String, FragmentDefinition> fragments) {
      this.fragments = fragments;
    }

    Result walk(SelectionSet set, int nesting) {
      if (set == null || nesting > 64) {
        return new Result(0, 0);
      }
      int depth = 0;
      long cost = 0;
      for (Selection<?> selection : set.getSelections()) {
        Result result;
        if (selection instanceof Field field) {
          if (field.getName().startsWith("__")) {
            continue;
          }
          if (field.getAlias() != null) {
            aliases = saturatedAdd(aliases, 1);
          }
          Result children = walk(field.getSelectionSet(), nesting + 1);
          long fieldCost = saturatedAdd(1, saturatedMultiply(children.cost(), pageSize(field)));
          result = new Result(1 + children.depth(), fieldCost);
        } else if (selection instanceof InlineFragment inline) {
          result = walk(inline.getSelectionSet(), nesting + 1);
        } else if (selection instanceof FragmentSpread spread) {
          result = fragment(spread.getName(), nesting + 1);
        } else {
          continue;
        }
        depth = Math.max(depth, result.depth());
        cost = saturatedAdd(cost, result.cost());
      }
      return new Result(depth, cost);
    }

    private Result fragment(String name, int nesting) {
      Measured known = measured.get(name);
      if (known != null) {
        aliases = saturatedAdd(aliases, known.aliases());
        return known.result();
      }
      FragmentDefinition fragment = fragments.get(name);
      long aliasesBefore = aliases;
      Result result = fragment == null ? new Result(0, 0) : walk(fragment.getSelectionSet(), nesting);
      measured.put(name, new Measured(result, aliases - aliasesBefore));
      return result;
    }

    private static long pageSize(Field field) {
      for (Argument argument : field.getArguments()) {
        if (argument.getName().equals("first") || argument.getName().equals("last")) {
          if (argument.getValue() instanceof IntValue literal) {
            return Math.max(1, Math.min(literal.getValue().longValue(), WORST_CASE_PAGE));
          }
          return WORST_CASE_PAGE;
        }
      }
      return selectsEdges(field) ? DEFAULT_PAGE : 1;
    }

    private static boolean selectsEdges(Field field) {
      if (field.getSelectionSet() == null) {
        return false;
      }
      return field.getSelectionSet().getSelectionsOfType(Field.class).stream()
          .anyMatch(child -> child.getName().equals("edges"));
    }

    private static long saturatedMultiply(long a, long b) {
      long high = Math.multiplyHigh(a, b);
      long product = a * b;
      return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    private static long saturatedAdd(long a, long b) {
      long sum = a + b;
      return sum < 0 ? Long.MAX_VALUE : sum;
    }
  }
}
