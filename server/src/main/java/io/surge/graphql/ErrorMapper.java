package io.surge.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become client errors. Every error leaves with an
 * {@code extensions.code}; unexpected exceptions are logged with a reference and answered with
 * that reference only, never with their message or stack trace.
 */
public final class ErrorMapper implements DataFetcherExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
  private static final ApiException PG_BUSY = ApiException.overloaded("the database is busy");

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    GraphQLError error = fieldError(translate(parameters.getException()), parameters.getPath(),
        parameters.getSourceLocation());
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(error).build());
  }

  /** The error of a field that failed: its message, where it is, and its code. */
  static GraphQLError fieldError(ApiException mapped, graphql.execution.ResultPath path,
      graphql.language.SourceLocation location) {
    return GraphqlErrorBuilder.newError()
        .message(mapped.getMessage())
        .path(path)
        .location(location)
        .extensions(extensions(mapped))
        .build();
  }

  /** Maps any failure to an {@link ApiException} a client may see. */
  public static ApiException translate(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof ConnectionPoolTooBusyException) {
      // The PostgreSQL wait queue is full: shed this request now rather than queue it.
      return PG_BUSY;
    }
    if (isUnavailable(cause)) {
      log.warn("dependency unavailable: {}", cause.toString());
      return new ApiException(ErrorCode.UNAVAILABLE,
          "a backing service is unavailable; retry shortly", Map.of("retryable", true));
    }
    if (cause instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      // Class 22, data exception: a value PostgreSQL cannot take, e.g. a NUL character in a string
      // argument (22021) or a number out of range (22003). The client's input; not retryable.
      log.warn("value refused by PostgreSQL (SQLSTATE {})", pg.getSqlState());
      return ApiException.badInput("a value in the request cannot be used (e.g. it contains a NUL character or is out of range)");
    }
    String reference = UUID.randomUUID().toString();
    log.error("internal error {}", reference, cause);
    return new ApiException(ErrorCode.INTERNAL, "internal error (reference " + reference + ")",
        Map.of("reference", reference));
  }

  private static boolean isUnavailable(Throwable cause) {
    if (cause instanceof PgException pg) {
      String state = pg.getSqlState();
      // Class 08: connection exceptions; 57P0x: the server is shutting down or cannot connect.
      return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
    // SocketException covers a refused connect (ConnectException) and a connection PostgreSQL
    // reset while shutting down ("Connection reset"), which reached clients as INTERNAL before.
    return cause instanceof ClosedConnectionException
        || cause instanceof SocketException
        || cause instanceof TimeoutException
        || (cause instanceof VertxException v && v.getMessage() != null
            && (v.getMessage().contains("Timeout") || v.getMessage().contains("Connection")));
  }

  public static Map<String, Object> extensions(ApiException exception) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("code", exception.code().name());
    extensions.putAll(exception.details());
    return extensions;
  }

  /** A whole-request error body, for failures before execution (bad JSON, bad key, too large). */
  public static Map<String, Object> errorBody(ApiException exception) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", exception.getMessage());
    error.put("extensions", extensions(exception));
    return Map.of("errors", List.of(error));
  }

  /**
   * The response body for an execution result, with a code on every error: graphql-java's own
   * syntax and validation errors become BAD_USER_INPUT; anything else without a code, INTERNAL.
   */
  public static Map<String, Object> toSpecification(ExecutionResult result) {
    Map<String, Object> body = result.toSpecification();
    if (result.getErrors().isEmpty()) {
      return body;
    }
    List<Map<String, Object>> errors = new ArrayList<>(result.getErrors().size());
    for (GraphQLError error : result.getErrors()) {
      errors.add(specification(error));
    }
    Map<String, Object> mapped = new HashMap<>(body);
    mapped.put("errors", errors);
    return mapped;
  }

  /** One error as the response writes it: with its code, and graphql-java's classification only where it had none. */
  static Map<String, Object> specification(GraphQLError error) {
    Map<String, Object> spec = new LinkedHashMap<>(error.toSpecification());
    Map<String, Object> extensions = error.getExtensions() == null
        ? new LinkedHashMap<>() : new LinkedHashMap<>(error.getExtensions());
    if (!extensions.containsKey("code")) {
      extensions.put("code", codeFor(error.getErrorType()).name());
      extensions.put("classification", String.valueOf(error.getErrorType()));
    }
    spec.put("extensions", extensions);
    return spec;
  }

  private static ErrorCode codeFor(ErrorClassification classification) {
    if (classification == ErrorType.InvalidSyntax
        || classification == ErrorType.ValidationError
        || classification == ErrorType.OperationNotSupported
        || (classification != null && classification.toString().contains("Validation"))) {
      return ErrorCode.BAD_USER_INPUT;
    }
    return ErrorCode.INTERNAL;
  }
}
