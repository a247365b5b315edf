package io.surge.app;

import io.surge.graphql.ApiException;
import io.surge.graphql.ErrorCode;
import io.surge.graphql.GraphQLEngine;
import io.surge.graphql.GraphQLHttpHandler;
import io.surge.graphql.InFlightLimit;
import io.surge.infra.metrics.EdgeMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import io.vertx.ext.web.handler.graphql.ws.GraphQLWSHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance; Main deploys one per event loop and Vert.x spreads connections over
 * them. Thin by design: routes point at handlers that live elsewhere.
 */
public final class HttpVerticle extends VerticleBase {
  private static final long DRAIN_SECONDS = 10;

  private final SurgeConfig config;
  private final GraphQLEngine engine;
  private final GraphQLHttpHandler graphql;
  private final WebSocketAuth webSocketAuth;
  private final HealthHandler health;
  private final PrometheusMeterRegistry metrics;
  private final EdgeMetrics edgeMetrics;
  private HttpServer server;

  public HttpVerticle(SurgeConfig config, GraphQLEngine engine, GraphQLHttpHandler graphql,
      WebSocketAuth webSocketAuth, HealthHandler health, PrometheusMeterRegistry metrics,
      EdgeMetrics edgeMetrics) {
    this.config = config;
    this.engine = engine;
    this.graphql = graphql;
    this.webSocketAuth = webSocketAuth;
    this.health = health;
    this.metrics = metrics;
    this.edgeMetrics = edgeMetrics;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // One counter per verticle: each runs on one event loop. Health and metrics are never limited.
    InFlightLimit inFlight = new InFlightLimit(config.edge().maxInFlightPerLoop(), edgeMetrics);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    // The WebSocket handler must come before the BodyHandler (it upgrades the raw request).
    router.route("/graphql/ws").handler(GraphQLWSHandler.builder(engine.graphQL())
        .onConnectionInit(webSocketAuth::onConnectionInit)
        .beforeExecute(webSocketAuth::beforeExecute)
        .build());
    // A route of its own, ahead of the BodyHandler: a refused request's body is never buffered.
    router.route("/graphql").handler(inFlight::admit);
    router.get("/graphql").handler(graphql::handleGet);
    router.post("/graphql")
        .handler(BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes()))
        .handler(graphql::handlePost)
        .failureHandler(rc -> GraphQLHttpHandler.writeError(rc, rc.statusCode() == 413
            ? new ApiException(ErrorCode.BAD_USER_INPUT, "request body larger than "
                + config.limits().maxBodyBytes() + " bytes", Map.of("limit", "body"), 413)
            : new ApiException(ErrorCode.BAD_USER_INPUT, "unreadable request")));
    if (config.graphiql()) {
      GraphiQLHandler graphiQL = GraphiQLHandler.create(vertx, new GraphiQLHandlerOptions()
          .setEnabled(true)
          .setGraphQLUri("/graphql")
          .setGraphQLWSEnabled(true)
          .setGraphWSQLUri("/graphql/ws"));
      router.route("/graphiql*").subRouter(graphiQL.router());
    }
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(config.httpPort())
        .setCompressionSupported(true)
        .addWebSocketSubProtocol("graphql-transport-ws"));
    return server.requestHandler(router).invalidRequestHandler(HttpVerticle::invalidRequest).listen();
  }

  /**
   * Requests Netty could not decode (a URL or headers past the HTTP/1 limits, a malformed line)
   * get the same error body as every other refusal, with a code, instead of a bare status.
   */
  private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    // Netty says which limit: TooLongHttpLineException (the request line) or ...HeaderException.
    String kind = cause == null ? "" : cause.getClass().getSimpleName();
    int status = kind.contains("Line") ? 414 : kind.contains("Header") ? 431 : 400;
    String message = status == 414 ? "the URL is too long: send the query with POST"
        : status == 431 ? "the request headers are too large" : "the request could not be read";
    request.response()
        .setStatusCode(status)
        .putHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE, "application/json")
        .end(io.vertx.core.json.Json.encodeToBuffer(io.surge.graphql.ErrorMapper.errorBody(
            io.surge.graphql.ApiException.badInput(message))));
  }

  /** Stops accepting, lets requests in flight finish (up to a bound), then closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS);
  }
}
