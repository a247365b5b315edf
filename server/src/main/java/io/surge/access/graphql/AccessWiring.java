package io.surge.access.graphql;

import io.surge.access.ApiKeyService;
import io.surge.access.domain.ApiKey;
import io.surge.access.domain.Principal;
import io.surge.access.domain.Role;
import io.surge.channels.domain.Channel;
import io.surge.channels.graphql.ChannelsWiring;
import io.surge.common.UserError;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.Input;
import io.surge.graphql.PageRequest;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Wires {@code access.graphqls}: the viewer and API key administration. */
public final class AccessWiring implements DomainWiring {
  private final ApiKeyService service;

  public AccessWiring(ApiKeyService service) {
    this.service = service;
  }

  /** The payload of {@code createApiKey}: the secret appears here only. */
  public record CreateApiKeyPayload(ApiKey apiKey, String secret, List<UserError> userErrors) {}

  /** The payload of {@code revokeApiKey}. */
  public record RevokeApiKeyPayload(ApiKey apiKey, List<UserError> userErrors) {}

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.node("ApiKey", ApiKey.class, ApiKey::id, (context, id) -> {
          // Keys are ADMIN business, whichever way they are asked for.
          Principal caller = context.requirePrincipal();
          if (caller.role() != Role.ADMIN) {
            return io.vertx.core.Future.succeededFuture(null);
          }
          return service.find(id).map(found -> found.orElse(null));
        })
        .source("Viewer", Principal.class)
        .source("ApiKeyConnection", Connection.class)
        .source("ApiKeyEdge", Connection.Edge.class)
        .source("CreateApiKeyPayload", CreateApiKeyPayload.class)
        .source("RevokeApiKeyPayload", RevokeApiKeyPayload.class)
        .field("ApiKey", "channel", env -> channel(env, ((ApiKey) env.getSource()).channelId()))
        .field("Viewer", "channel", env -> channel(env, ((Principal) env.getSource()).channelId()))
        .query("viewer", env -> RequestContext.of(env).requirePrincipal())
        .query("apiKeys", AsyncFetcher.of(env -> service
            .page(PageRequest.from(env), Boolean.TRUE.equals(env.getArgument("includeRevoked")))
            .map(Connection::of)))
        .mutation("createApiKey", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.create(input.string("name"), Role.valueOf(input.string("role")),
                  input.id("channelId", "Channel"))
              .map(outcome -> outcome.isOk()
                  ? new CreateApiKeyPayload(outcome.value().key(), outcome.value().secret(), List.of())
                  : new CreateApiKeyPayload(null, null, outcome.errors()));
        }))
        .mutation("revokeApiKey", AsyncFetcher.of(env -> service
            .revoke(Input.of(env).id("id", "ApiKey"))
            .map(outcome -> new RevokeApiKeyPayload(outcome.value(), outcome.errors()))));
  }

  private static CompletableFuture<Channel> channel(graphql.schema.DataFetchingEnvironment env,
      Long channelId) {
    if (channelId == null) {
      return CompletableFuture.completedFuture(null);
    }
    return RequestContext.of(env).<Long, Channel>loader(ChannelsWiring.CHANNEL_BY_ID).load(channelId);
  }
}
