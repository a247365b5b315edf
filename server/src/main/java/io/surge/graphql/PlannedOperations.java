package io.surge.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.execution.ResultPath;
import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SourceLocation;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import io.surge.access.domain.Principal;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a few hot storefront mutations without graphql-java's general execution. On the
 * flash-sale path graphql-java was the largest single cost of a durable reservation (a fifth of
 * the event loops' time, docs/PERFORMANCE.md §3b) although the document never changes: a
 * storefront sends the same {@code reserveStock} text thousands of times a second.
 *
 * <p>A document qualifies only in the plainest shape: one mutation operation, one root field a
 * {@link OperationPlanner} registered, its single argument {@code input: $var} with
 * {@code $var: <InputType>!} the only variable, and below it plain fields, each once (no aliases,
 * fragments, directives or arguments) the planner can render. Such a document is valid by construction. The
 * planner may still decline a request (a variable of an unexpected shape, a caller it does not
 * serve) before anything happens; graphql-java then runs it as always, so errors for odd input
 * stay exactly graphql-java's. Decisions per document text are cached, the negative ones too.
 */
public final class PlannedOperations {
  /** Longer documents are never planned: a storefront's reserve mutation is a few hundred characters. */
  private static final int MAX_LENGTH = 2_000;

  private final Map<String, OperationPlanner> planners = new LinkedHashMap<>();
  private final Cache<String, Optional<Planned>> byText =
      Caffeine.newBuilder().maximumSize(1_000).build();

  /** Registers the planner of one mutation field; at start-up only. */
  public void register(OperationPlanner planner) {
    planners.put(planner.field(), planner);
  }

  /** The plan for this document and operation name, or null when graphql-java must run it. */
  public Planned find(String query, String operationName) {
    if (planners.isEmpty() || query.length() > MAX_LENGTH || !mentionsPlannedField(query)) {
      return null;
    }
    Planned planned = byText.get(query, text -> Optional.ofNullable(plan(text))).orElse(null);
    if (planned == null || (operationName != null && !operationName.equals(planned.operationName()))) {
      return null;
    }
    return planned;
  }

  private boolean mentionsPlannedField(String query) {
    for (String field : planners.keySet()) {
      if (query.contains(field)) {
        return true;
      }
    }
    return false;
  }

  private Planned plan(String text) {
    Document document;
    try {
      document = Parser.parse(text);
    } catch (RuntimeException unparseable) {
      return null;
    }
    List<Definition> definitions = document.getDefinitions();
    if (definitions.size() != 1 || !(definitions.get(0) instanceof OperationDefinition operation)
        || operation.getOperation() != OperationDefinition.Operation.MUTATION
        || !operation.getDirectives().isEmpty() || operation.getVariableDefinitions().size() != 1
        || operation.getSelectionSet().getSelections().size() != 1
        || !(operation.getSelectionSet().getSelections().get(0) instanceof Field root)
        || root.getAlias() != null || !root.getDirectives().isEmpty() || root.getArguments().size() != 1) {
      return null;
    }
    OperationPlanner planner = planners.get(root.getName());
    VariableDefinition variable = operation.getVariableDefinitions().get(0);
    Argument argument = root.getArguments().get(0);
    if (planner == null || !"input".equals(argument.getName())
        || !(argument.getValue() instanceof VariableReference reference)
        || !reference.getName().equals(variable.getName())
        || variable.getDefaultValue() != null || !variable.getDirectives().isEmpty()
        || !(variable.getType() instanceof NonNullType nonNull)
        || !(nonNull.getType() instanceof TypeName type) || !type.getName().equals(planner.inputType())) {
      return null;
    }
    OperationPlanner.Selected payload = selected(root);
    if (payload == null) {
      return null;
    }
    OperationPlanner.Plan plan = planner.plan(payload);
    if (plan == null) {
      return null;
    }
    SourceLocation at = root.getSourceLocation();
    return new Planned(operation.getName(), root.getName(), variable.getName(), plan,
        at == null ? 1 : at.getLine(), at == null ? 1 : at.getColumn());
  }

  /** The field's plain sub-selection, or null when it uses anything but plain fields. */
  private static OperationPlanner.Selected selected(Field field) {
    List<OperationPlanner.Selected> fields = new ArrayList<>();
    if (field.getSelectionSet() != null) {
      for (Selection<?> selection : field.getSelectionSet().getSelections()) {
        if (!(selection instanceof Field child) || child.getAlias() != null
            || !child.getDirectives().isEmpty() || !child.getArguments().isEmpty()) {
          return null;
        }
        OperationPlanner.Selected sub = selected(child);
        // A field selected twice is merged by graphql-java; a plan would render it twice.
        if (sub == null || fields.stream().anyMatch(seen -> seen.name().equals(sub.name()))) {
          return null;
        }
        fields.add(sub);
      }
    }
    return new OperationPlanner.Selected(field.getName(), List.copyOf(fields));
  }

  /**
   * A document with a plan: runs it for one request, answering a response body as graphql-java
   * would ({@code data} and, on failure, an error at the root field with its code).
   */
  public record Planned(String operationName, String field, String variable, OperationPlanner.Plan plan,
      int line, int column) {

    /** The response body, or null when the plan declines this request (nothing has happened then). */
    public Future<Map<String, Object>> execute(Principal caller, Map<String, Object> variables,
        String idempotencyKey) {
      Future<Map<String, Object>> payload;
      try {
        payload = plan.execute(caller, variables.get(variable), idempotencyKey);
      } catch (RuntimeException failure) {
        payload = Future.failedFuture(failure);
      }
      if (payload == null) {
        return null;
      }
      return payload.transform(done -> Future.succeededFuture(done.succeeded()
          ? data(done.result()) : failure(ErrorMapper.translate(done.cause()))));
    }

    private Map<String, Object> data(Map<String, Object> payload) {
      Map<String, Object> data = new LinkedHashMap<>(2);
      data.put(field, payload);
      Map<String, Object> body = new LinkedHashMap<>(2);
      body.put("data", data);
      return body;
    }

    /** The error the general path writes for a failed non-null root field (the same code builds it): data is null. */
    private Map<String, Object> failure(ApiException error) {
      Map<String, Object> body = new LinkedHashMap<>(2);
      body.put("errors", List.of(ErrorMapper.specification(ErrorMapper.fieldError(error,
          ResultPath.rootPath().segment(field), new SourceLocation(line, column)))));
      body.put("data", null);
      return body;
    }
  }
}
