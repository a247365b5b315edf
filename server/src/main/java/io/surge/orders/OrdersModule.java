package io.surge.orders;

import io.surge.access.domain.Principal;
import io.surge.access.domain.Role;
import io.surge.catalog.CatalogService;
import io.surge.graphql.DomainWiring;
import io.surge.inventory.InventoryModule;
import io.surge.inventory.hotstore.StockStore;
import io.surge.orders.domain.OrderPlans;
import io.surge.orders.graphql.DraftOrdersWiring;
import io.surge.orders.graphql.OrderImportWiring;
import io.surge.orders.graphql.OrdersWiring;
import io.surge.orders.persistence.PgDraftOrderRepository;
import io.surge.orders.persistence.PgOrderDirectory;
import io.surge.orders.persistence.PgOrderRepository;
import io.surge.orders.routing.RoutingPolicy;
import io.surge.orders.routing.RoutingWeights;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders domain assembled for one node: placement (through the inventory journal), the
 * lifecycle service, staff draft orders, the bulk import, live status events, and the timer that
 * cancels unpaid orders whose time ran out. The state machine is loaded from PostgreSQL at start.
 */
public final class OrdersModule {
  private static final Logger log = LoggerFactory.getLogger(OrdersModule.class);
  static final long UNPAID_CHECK_MS = 5_000;
  private static final Principal SYSTEM = new Principal(0, "system: unpaid order expiry", Role.ADMIN, null);

  private final Vertx vertx;
  private final PgOrderRepository orders;
  private final PgOrderDirectory directory;
  private final OrderService service;
  private final OrderEvents events;
  private final List<DomainWiring> wirings;
  private final AtomicReference<OrderPlans> plans;
  private long timer = -1;

  private OrdersModule(Vertx vertx, PgOrderRepository orders, PgOrderDirectory directory, OrderService service,
      OrderEvents events, List<DomainWiring> wirings, AtomicReference<OrderPlans> plans) {
    this.vertx = vertx;
    this.orders = orders;
    this.directory = directory;
    this.service = service;
    this.events = events;
    this.wirings = wirings;
    this.plans = plans;
  }

  public static OrdersModule create(Vertx vertx, Pool pool, Redis redis, InventoryModule inventory, StockStore store,
      CatalogService catalog) {
    Clock clock = Clock.systemUTC();
    var orders = new PgOrderRepository(pool);
    var events = new OrderEvents(vertx, redis, redis);
    var directory = new PgOrderDirectory(pool);
    AtomicReference<OrderPlans> plans = new AtomicReference<>();
    var placement = new OrderPlacement(inventory.reservations(), inventory.journal(), store, directory, orders,
        new RoutingPolicy(RoutingWeights.defaults()), clock);
    var service = new OrderService(orders, () -> {
      OrderPlans loaded = plans.get();
      if (loaded == null) {
        throw new IllegalStateException("order state machine not loaded yet");
      }
      return loaded;
    }, inventory.journal(), inventory.reservations(), store, events, inventory::poolsChanged, clock);
    var drafts = new DraftOrderService(new PgDraftOrderRepository(pool), orders, directory, placement);
    var imports = new OrderImport(placement, service, orders, directory);
    List<DomainWiring> wirings = List.of(new OrdersWiring(placement, service, orders, events, catalog),
        new DraftOrdersWiring(drafts), new OrderImportWiring(imports));
    return new OrdersModule(vertx, orders, directory, service, events, wirings, plans);
  }

  /** The GraphQL wiring of orders.graphqls and of the orders domain's other SDL files. */
  public List<DomainWiring> wirings() {
    return wirings;
  }

  /**
   * A customer's tier changed: orders placed on this node score it at once (other nodes read it
   * again when their cached tier expires, within a minute). Thread-safe.
   */
  public void customerTierChanged(String email) {
    directory.forgetTier(email);
  }

  /** Loads the state machine, then starts live events and the unpaid-order expiry. */
  public Future<Void> start() {
    return orders.transitions().map(transitions -> {
      plans.set(new OrderPlans(transitions));
      events.start();
      timer = vertx.setPeriodic(UNPAID_CHECK_MS, id -> expireUnpaid());
      return null;
    });
  }

  /** Cancels unpaid orders past their time, a batch per tick; each is checked again under its lock. */
  private void expireUnpaid() {
    orders.expiredUnpaid(100)
        .onSuccess(ids -> ids.forEach(id -> service.expire(SYSTEM, id)
            .onFailure(failure -> log.warn("unpaid order {} not expired: {}", id, failure.toString()))))
        .onFailure(failure -> log.debug("unpaid order check skipped: {}", failure.toString()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    events.close();
  }
}
