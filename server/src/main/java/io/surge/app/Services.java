package io.surge.app;

import io.surge.access.ApiKeyAuthenticator;
import io.surge.access.ApiKeyService;
import io.surge.access.graphql.AccessWiring;
import io.surge.access.persistence.PgApiKeyRepository;
import io.surge.audit.AuditTrail;
import io.surge.audit.graphql.AuditWiring;
import io.surge.audit.persistence.PgAuditRepository;
import io.surge.catalog.CatalogService;
import io.surge.catalog.graphql.CatalogWiring;
import io.surge.catalog.persistence.PgCatalogRepository;
import io.surge.channels.ChannelService;
import io.surge.channels.graphql.ChannelsWiring;
import io.surge.channels.persistence.PgChannelRepository;
import io.surge.customers.CustomerService;
import io.surge.customers.graphql.CustomersWiring;
import io.surge.customers.persistence.PgCustomerRepository;
import io.surge.graphql.DomainWiring;
import io.surge.locations.LocationService;
import io.surge.locations.graphql.LocationsWiring;
import io.surge.locations.persistence.PgLocationRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.surge.idempotency.IdempotencyService;
import io.surge.idempotency.PgIdempotencyRepository;
import io.surge.inventory.InventoryModule;
import io.surge.inventory.hotstore.StockStore;
import io.surge.orders.OrdersModule;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's object graph: repositories, services and each domain's GraphQL wiring, built once
 * and shared by every event loop (all of them are stateless or thread-safe).
 */
public record Services(ApiKeyAuthenticator authenticator, IdempotencyService idempotency,
    InventoryModule inventory, OrdersModule orders, AuditTrail audit, List<DomainWiring> wirings) {

  public static Services create(Vertx vertx, Pool pool, InventoryModule.JournalHome journalHome, Redis redis,
      StockStore store, String nodeId, MeterRegistry metrics) {
    var keys = new PgApiKeyRepository(pool);
    var channels = new PgChannelRepository(pool);
    var locations = new PgLocationRepository(pool);
    var catalogRepository = new PgCatalogRepository(pool);
    var catalog = new CatalogService(catalogRepository);
    var authenticator = new ApiKeyAuthenticator(keys);
    var inventory = InventoryModule.create(vertx, pool, journalHome, redis, redis, store, catalog, locations,
        nodeId, metrics);
    var orders = OrdersModule.create(vertx, pool, redis, inventory, store, catalog);
    var audit = new AuditTrail(vertx, new PgAuditRepository(pool), metrics);
    List<DomainWiring> wirings = new ArrayList<>(List.of(
        new AccessWiring(new ApiKeyService(keys, channels, authenticator)),
        new ChannelsWiring(new ChannelService(channels, locations), channels, locations),
        new LocationsWiring(new LocationService(locations), locations),
        new CatalogWiring(catalog, catalogRepository),
        inventory.wiring(),
        new CustomersWiring(new CustomerService(new PgCustomerRepository(pool), orders::customerTierChanged)),
        new AuditWiring(audit)));
    wirings.addAll(orders.wirings());
    return new Services(authenticator, new IdempotencyService(new PgIdempotencyRepository(pool), vertx),
        inventory, orders, audit, List.copyOf(wirings));
  }
}
