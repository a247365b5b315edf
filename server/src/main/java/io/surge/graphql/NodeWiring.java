package io.surge.graphql;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code node} and {@code nodes} queries and the {@code ping}/{@code heartbeat} checks of
 * {@code schema.graphqls}. Node lookups come from the domains through {@link SchemaWiring#node}.
 */
final class NodeWiring implements DomainWiring {
  private final SchemaWiring registry;

  NodeWiring(SchemaWiring registry) {
    this.registry = registry;
  }

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.query("node", AsyncFetcher.of(env -> load(RequestContext.of(env), env.getArgument("id"))));
    wiring.query("nodes", AsyncFetcher.of(env -> {
      List<String> ids = env.getArgument("ids");
      if (ids.size() > PageRequest.MAX_PAGE_SIZE) {
        throw ApiException.badInput("at most " + PageRequest.MAX_PAGE_SIZE + " ids at once");
      }
      RequestContext context = RequestContext.of(env);
      List<Future<Object>> loads = new ArrayList<>(ids.size());
      ids.forEach(id -> loads.add(load(context, id)));
      return Future.all(loads).map(all -> all.list());
    }));
    wiring.source("PageInfo", Connection.PageInfo.class)
        .source("UserError", io.surge.common.UserError.class);
    wiring.mutation("ping", env -> true);
    wiring.subscription("heartbeat", new HeartbeatPublisher.Fetcher());
  }

  private Future<Object> load(RequestContext context, String id) {
    GlobalId globalId = GlobalId.decode(id);
    NodeLookup lookup = registry.nodes().get(globalId.type());
    return lookup == null ? Future.succeededFuture(null) : lookup.load(context, globalId.id());
  }
}
