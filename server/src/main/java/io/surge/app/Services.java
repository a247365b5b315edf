package io.surge.app;

import io.surge.access.ApiKeyAuthenticator;
import io.surge.access.ApiKeyService;
import io.surge.access.graphql.AccessWiring;
import io.surge.access.persistence.PgApiKeyRepository;
import io.surge.catalog.CatalogService;
import io.surge.catalog.graphql.CatalogWiring;
import io.surge.catalog.persistence.PgCatalogRepository;
import io.surge.channels.ChannelService;
import io.surge.channels.graphql.ChannelsWiring;
import io.surge.channels.persistence.PgChannelRepository;
import io.surge.graphql.DomainWiring;
import io.surge.locations.LocationService;
import io.surge.locations.graphql.LocationsWiring;
import io.surge.locations.persistence.PgLocationRepository;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The node's object graph: repositories, services and each domain's GraphQL wiring, built once
 * and shared by every event loop (all of them are stateless or thread-safe).
 */
public record Services(ApiKeyAuthenticator authenticator, List<DomainWiring> wirings) {

  public static Services create(Pool pool) {
    var keys = new PgApiKeyRepository(pool);
    var channels = new PgChannelRepository(pool);
    var locations = new PgLocationRepository(pool);
    var catalog = new PgCatalogRepository(pool);
    var authenticator = new ApiKeyAuthenticator(keys);
    List<DomainWiring> wirings = List.of(
        new AccessWiring(new ApiKeyService(keys, channels, authenticator)),
        new ChannelsWiring(new ChannelService(channels, locations), channels, locations),
        new LocationsWiring(new LocationService(locations), locations),
        new CatalogWiring(new CatalogService(catalog), catalog));
    return new Services(authenticator, wirings);
  }
}
