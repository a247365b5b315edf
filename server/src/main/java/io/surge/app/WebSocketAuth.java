package io.surge.app;

import io.surge.access.ApiKeyAuthenticator;
import io.surge.access.domain.Principal;
import io.surge.graphql.GraphQLEngine;
import io.surge.graphql.RequestContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.graphql.ExecutionInputBuilderWithContext;
import io.vertx.ext.web.handler.graphql.ws.ConnectionInitEvent;
import io.vertx.ext.web.handler.graphql.ws.Message;

/**
 * Authenticates graphql-transport-ws connections: the key comes in {@code connection_init}'s
 * payload ({@code {"Authorization": "Bearer <key>"}}) or the upgrade request's header. A bad key
 * refuses the connection; each subscription then runs with the connection's principal and its own
 * DataLoaders.
 */
public final class WebSocketAuth {
  private final ApiKeyAuthenticator authenticator;
  private final GraphQLEngine engine;

  public WebSocketAuth(ApiKeyAuthenticator authenticator, GraphQLEngine engine) {
    this.authenticator = authenticator;
    this.engine = engine;
  }

  public void onConnectionInit(ConnectionInitEvent event) {
    JsonObject payload = event.message().message().getJsonObject("payload");
    String header = payload == null ? null : payload.getString("Authorization",
        payload.getString("authorization"));
    if (header == null) {
      header = event.message().socket().headers().get("Authorization");
    }
    authenticator.authenticate(header).onComplete(
        principal -> event.complete(new Connection(principal)),
        failure -> event.fail(failure.getMessage()));
  }

  public void beforeExecute(ExecutionInputBuilderWithContext<Message> execution) {
    Object params = execution.context().connectionParams();
    Principal principal = params instanceof Connection connection ? connection.principal() : null;
    var context = new RequestContext(principal, engine.newLoaders(),
        execution.context().socket().remoteAddress() == null ? null
            : execution.context().socket().remoteAddress().hostAddress(), null);
    engine.bind(execution.builder(), context, false);
  }

  /** What a connection remembers after its init: who it is. */
  record Connection(Principal principal) {}
}
