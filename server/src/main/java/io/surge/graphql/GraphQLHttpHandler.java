package io.surge.graphql;

import graphql.ExecutionInput;
import io.surge.access.ApiKeyAuthenticator;
import io.surge.access.domain.Principal;
import io.surge.idempotency.IdempotencyService;
import io.surge.infra.metrics.EdgeMetrics;
import io.surge.infra.metrics.GraphQLMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /graphql} (JSON body) and {@code GET /graphql} (queries only, parameters in the
 * URL): authenticates, checks the request's shape, executes and writes the result. Every refusal
 * is a GraphQL error body with {@code extensions.code}. Runs on the event loop; never blocks.
 */
public final class GraphQLHttpHandler {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final String OPERATION_KEY = "surge.executionInput";
  private static final String PLANNED_OPERATION_KEY = "surge.plannedOperation";
  private static final String RESPONSE_CACHE_KEY = "surge.responseCacheKey";
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String REPLAYED = "Idempotent-Replayed";
  /** Outcomes after which a retry should run again rather than get the same answer. */
  private static final java.util.Set<String> RETRYABLE = java.util.Set.of("unavailable", "internal", "overloaded");
  private static final String OVERLOADED = "overloaded";
  private static final CharSequence ONE_SECOND = HttpHeaders.createOptimized("1");

  private final GraphQLEngine engine;
  private final ApiKeyAuthenticator authenticator;
  private final GraphQLMetrics metrics;
  private final IdempotencyService idempotency;
  private final RateLimitPolicy rateLimits;
  private final EdgeMetrics edgeMetrics;

  public GraphQLHttpHandler(GraphQLEngine engine, ApiKeyAuthenticator authenticator,
      GraphQLMetrics metrics, IdempotencyService idempotency, RateLimitPolicy rateLimits,
      EdgeMetrics edgeMetrics) {
    this.engine = engine;
    this.authenticator = authenticator;
    this.metrics = metrics;
    this.idempotency = idempotency;
    this.rateLimits = rateLimits;
    this.edgeMetrics = edgeMetrics;
  }

  public void handlePost(RoutingContext rc) {
    long started = System.nanoTime();
    JsonObject request;
    try {
      Buffer body = rc.body().buffer();
      if (body == null || body.length() == 0) {
        throw ApiException.badInput("the request body must be a JSON object with a query");
      }
      if (answeredFromCache(rc, body, started)) {
        return;
      }
      request = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      fail(rc, ApiException.badInput("the request body is not valid JSON"), started);
      return;
    } catch (ApiException e) {
      fail(rc, e, started);
      return;
    }
    run(rc, request, false, started);
  }

  /** Answers a storefront read the response cache holds; otherwise notes its key for storing. */
  private boolean answeredFromCache(RoutingContext rc, Buffer body, long started) {
    ResponseCache responses = engine.responses();
    if (!responses.enabled() || rc.request().getHeader(IDEMPOTENCY_KEY) != null) {
      return false;
    }
    String key = responses.keyOf(rc.request().getHeader(HttpHeaders.AUTHORIZATION), body);
    Buffer cached = responses.get(key);
    if (cached == null) {
      rc.put(RESPONSE_CACHE_KEY, key);
      return false;
    }
    metrics.record("cached", "ok", System.nanoTime() - started);
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(cached);
    return true;
  }

  public void handleGet(RoutingContext rc) {
    long started = System.nanoTime();
    JsonObject request = new JsonObject()
        .put("query", rc.request().getParam("query"))
        .put("operationName", rc.request().getParam("operationName"));
    String variables = rc.request().getParam("variables");
    if (variables != null && !variables.isBlank()) {
      try {
        request.put("variables", new JsonObject(variables));
      } catch (DecodeException | ClassCastException e) {
        fail(rc, ApiException.badInput("variables must be a JSON object"), started);
        return;
      }
    }
    run(rc, request, true, started);
  }

  private void run(RoutingContext rc, JsonObject request, boolean queriesOnly, long started) {
    GraphQLRequest parsed;
    String idempotencyKey = queriesOnly ? null : rc.request().getHeader(IDEMPOTENCY_KEY);
    try {
      parsed = GraphQLRequest.of(request);
      if (idempotencyKey != null) {
        IdempotencyService.checkKey(idempotencyKey);
      }
    } catch (ApiException e) {
      fail(rc, e, started);
      return;
    }
    authenticator.authenticate(rc.request().getHeader(HttpHeaders.AUTHORIZATION))
        // Only a request without a key draws from its address's bucket.
        .compose(principal -> rateLimits.check(principal, principal == null ? clientAddress(rc) : null)
            .map(allowed -> principal))
        .compose(principal -> idempotencyKey == null || principal == null
            ? execute(rc, parsed, principal, queriesOnly, null)
            : executeOnce(rc, request, parsed, principal, idempotencyKey))
        .onSuccess(answer -> respond(rc, answer, started))
        .onFailure(failure -> fail(rc, ErrorMapper.translate(failure), started));
  }

  /** The checked parts of a request body: the query text, the operation name and the variables as Java values. */
  private record GraphQLRequest(String query, String operationName, Map<String, Object> variables) {

    static GraphQLRequest of(JsonObject request) {
      Object query = request.getValue("query");
      if (!(query instanceof String text) || text.isBlank()) {
        throw ApiException.badInput("query must be a non-empty string");
      }
      Object operationName = request.getValue("operationName");
      if (operationName != null && !(operationName instanceof String)) {
        throw ApiException.badInput("operationName must be a string");
      }
      Object variables = request.getValue("variables");
      if (variables != null && !(variables instanceof JsonObject)) {
        throw ApiException.badInput("variables must be a JSON object");
      }
      Map<String, Object> variableMap = variables == null ? Map.of() : ((JsonObject) variables).getMap();
      return new GraphQLRequest(text, (String) operationName, JsonValues.toJava(variableMap));
    }

    ExecutionInput.Builder toInput() {
      return ExecutionInput.newExecutionInput().query(query).operationName(operationName).variables(variables);
    }
  }

  /** A response body ready to send, and whether it is a stored one replayed. */
  private record Answer(Buffer body, String outcome, boolean replayed) {}

  private Future<Answer> execute(RoutingContext rc, GraphQLRequest request, Principal principal,
      boolean queriesOnly, String idempotencyKey) {
    Future<Answer> planned = queriesOnly ? null : executePlanned(rc, request, principal, idempotencyKey);
    if (planned != null) {
      return planned;
    }
    var context = new RequestContext(principal, engine.newLoaders(), clientAddress(rc), idempotencyKey);
    ExecutionInput prepared = engine.prepare(request.toInput(), context, queriesOnly);
    rc.put(OPERATION_KEY, prepared);
    return Future.fromCompletionStage(engine.execute(prepared), rc.vertx().getOrCreateContext())
        .map(result -> {
          Map<String, Object> body = ErrorMapper.toSpecification(result);
          Answer answer = new Answer(Json.encodeToBuffer(body), outcome(body), false);
          if ("ok".equals(answer.outcome())
              && Boolean.TRUE.equals(prepared.getGraphQLContext().get(DocumentCache.CACHEABLE))) {
            engine.responses().put(rc.get(RESPONSE_CACHE_KEY), principal, answer.body());
          }
          return answer;
        });
  }

  /** A hot mutation answered from its plan, or null when graphql-java must run the request. */
  private Future<Answer> executePlanned(RoutingContext rc, GraphQLRequest request, Principal principal,
      String idempotencyKey) {
    PlannedOperations.Planned planned = engine.plans().find(request.query(), request.operationName());
    Future<Map<String, Object>> body = planned == null ? null
        : planned.execute(principal, request.variables(), idempotencyKey);
    if (body == null) {
      return null;
    }
    rc.put(PLANNED_OPERATION_KEY, planned.operationName() == null ? "anonymous" : planned.operationName());
    metrics.planned();
    return body.map(answered -> new Answer(Json.encodeToBuffer(answered), outcome(answered), false));
  }

  /**
   * Runs a request that carries an Idempotency-Key at most once: a retry gets the stored
   * response. A response with a retryable error is not stored, so the retry runs again.
   */
  private Future<Answer> executeOnce(RoutingContext rc, JsonObject request, GraphQLRequest parsed,
      Principal principal, String key) {
    byte[] hash = IdempotencyService.hash(canonical(request));
    return idempotency.begin(principal.keyId(), key, hash).compose(decision -> {
      if (!decision.proceed()) {
        return Future.succeededFuture(new Answer(Buffer.buffer(decision.storedResponse()), "replayed", true));
      }
      return execute(rc, parsed, principal, false, key).transform(executed -> {
        if (executed.failed()) {
          return idempotency.release(principal.keyId(), key).transform(ignored -> Future.failedFuture(executed.cause()));
        }
        Answer answer = executed.result();
        Future<Void> stored = RETRYABLE.contains(answer.outcome())
            ? idempotency.release(principal.keyId(), key)
            : idempotency.complete(principal.keyId(), key, answer.body().toString());
        return stored.map(answer);
      });
    });
  }

  private static String clientAddress(RoutingContext rc) {
    return rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
  }

  /** The parts of a request that make it "the same request" for an idempotency key. */
  private static String canonical(JsonObject request) {
    Object variables = request.getValue("variables");
    return request.getString("query") + '\0' + request.getString("operationName") + '\0'
        + (variables == null ? "{}" : ((JsonObject) variables).encode());
  }

  private void respond(RoutingContext rc, Answer answer, long started) {
    metrics.record(operationName(rc), answer.outcome(), System.nanoTime() - started);
    var response = rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    if (answer.replayed()) {
      response.putHeader(REPLAYED, "true");
    }
    if (OVERLOADED.equals(answer.outcome())) {
      // A field could not get a PostgreSQL connection: the whole answer says "busy, come back".
      edgeMetrics.refusedPgWaitQueue();
      response.setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, ONE_SECOND);
    }
    response.end(answer.body());
  }

  private static String operationName(RoutingContext rc) {
    String planned = rc.get(PLANNED_OPERATION_KEY);
    if (planned != null) {
      return planned;
    }
    ExecutionInput input = rc.get(OPERATION_KEY);
    Object name = input == null ? null : input.getGraphQLContext().get(DocumentCache.OPERATION_NAME);
    return name == null ? "unparsed" : name.toString();
  }

  @SuppressWarnings("unchecked")
  private static String outcome(Map<String, Object> body) {
    Object errors = body.get("errors");
    if (!(errors instanceof List<?> list) || list.isEmpty()) {
      return "ok";
    }
    Map<String, Object> first = (Map<String, Object>) list.get(0);
    Map<String, Object> extensions = (Map<String, Object>) first.get("extensions");
    return extensions == null ? "error" : String.valueOf(extensions.get("code")).toLowerCase();
  }

  private void fail(RoutingContext rc, ApiException error, long started) {
    metrics.record(null, error.code().name().toLowerCase(), System.nanoTime() - started);
    if (error.code() == ErrorCode.OVERLOADED) {
      edgeMetrics.refusedPgWaitQueue();
    }
    writeError(rc, error);
  }

  /** Writes a whole-request error; also used by the router for refusals before this handler. */
  public static void writeError(RoutingContext rc, ApiException error) {
    if (rc.response().ended()) {
      return;
    }
    var response = rc.response()
        .setStatusCode(error.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    Object retryAfter = error.details().get("retryAfterSeconds");
    if (retryAfter != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter.toString());
    }
    response.end(Json.encodeToBuffer(ErrorMapper.errorBody(error)));
  }
}
