package io.surge.audit.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import io.surge.access.domain.Principal;
import io.surge.audit.AuditTrail;
import io.surge.audit.domain.AuditEntry;
import io.surge.audit.domain.Redaction;
import io.surge.graphql.RequestContext;
import io.vertx.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Audits staff mutations where every operation runs: when a mutation operation of an ADMIN or
 * STAFF key completes (over HTTP or WebSocket), one entry per root field goes to the
 * {@link AuditTrail}. CHANNEL keys are storefront traffic and are not audited; neither are
 * documents that never executed (unparseable or invalid). Stateless; thread-safe.
 */
public final class AuditInstrumentation extends SimplePerformantInstrumentation {
  private final AuditTrail trail;

  public AuditInstrumentation(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    ExecutionContext execution = parameters.getExecutionContext();
    if (execution.getOperationDefinition().getOperation() != OperationDefinition.Operation.MUTATION) {
      return SimpleInstrumentationContext.noOp();
    }
    RequestContext request = execution.getGraphQLContext().get(RequestContext.class);
    Principal caller = request == null ? null : request.principal();
    if (caller == null || !caller.isStaff()) {
      return SimpleInstrumentationContext.noOp();
    }
    Instant at = Instant.now();
    return SimpleInstrumentationContext.whenCompleted((result, failure) ->
        record(execution, request, caller, at, result));
  }

  private void record(ExecutionContext execution, RequestContext request, Principal caller,
      Instant at, ExecutionResult result) {
    String variables = Json.encode(Redaction.redact(execution.getExecutionInput().getRawVariables().toMap()));
    String operationName = execution.getOperationDefinition().getName();
    for (var selection : execution.getOperationDefinition().getSelectionSet().getSelections()) {
      if (selection instanceof Field field && !field.getName().startsWith("__")) {
        trail.record(new AuditEntry(0, at, caller.keyId(), caller.keyName(), caller.role(),
            field.getName(), operationName, request.clientAddress(),
            outcome(result, field.getResultKey()), variables));
      }
    }
  }

  /** {@code ok}, {@code userErrors:CODE,...} (as far as the client selected them) or {@code error:CODE}. */
  @SuppressWarnings("unchecked")
  static String outcome(ExecutionResult result, String resultKey) {
    if (result == null) {
      return "error:INTERNAL";
    }
    for (GraphQLError error : result.getErrors()) {
      List<Object> path = error.getPath();
      if (path == null || path.isEmpty() || resultKey.equals(path.get(0))) {
        Object code = error.getExtensions() == null ? null : error.getExtensions().get("code");
        return "error:" + (code == null ? "INTERNAL" : code);
      }
    }
    Object data = result.getData();
    if (data instanceof Map<?, ?> root && root.get(resultKey) instanceof Map<?, ?> payload
        && payload.get("userErrors") instanceof List<?> userErrors && !userErrors.isEmpty()) {
      List<String> codes = new ArrayList<>();
      for (Object userError : userErrors) {
        Object code = userError instanceof Map<?, ?> map ? map.get("code") : null;
        codes.add(code == null ? "?" : code.toString());
      }
      return "userErrors:" + String.join(",", codes);
    }
    return "ok";
  }
}
