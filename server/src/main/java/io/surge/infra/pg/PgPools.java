package io.surge.infra.pg;

import io.surge.app.SurgeConfig.PgTimeoutsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * Builds the one PostgreSQL pool a node shares between all its verticles (as vertx-sql-client
 * recommends); statements are prepared once per connection and cached. While PostgreSQL is down
 * the pool keeps no broken connection: each request tries to open one, fails within the
 * {@link PgTimeoutsConfig} bounds and answers UNAVAILABLE; the first request after PostgreSQL is
 * back opens a fresh connection, so the node recovers without a restart.
 */
public final class PgPools {
  private PgPools() {}

  /**
   * A pool of its own under {@code name}. The wait queue is bounded: past it a statement fails at
   * once with {@code ConnectionPoolTooBusyException} (answered OVERLOADED) instead of queueing.
   *
   * <p>With {@code eventLoops} 0 each connection is opened on the event loop of the context that
   * needs it and stays there: the journal's pool, used only from the journal's context, so
   * PostgreSQL's answers arrive on the journal's own loop. With {@code eventLoops} n, connections are
   * spread over n of Vert.x's event loops, whoever asks: the node's main pool, which the journal's
   * context also uses (stock operations, audits) and must not pull onto the journal's loop.
   */
  public static Pool create(Vertx vertx, PgUrl url, int size, PgTimeoutsConfig timeouts, String name,
      int eventLoops) {
    return PgBuilder.pool()
        .with(new PoolOptions()
            .setMaxSize(size)
            .setShared(true)
            .setName(name)
            // Bounded wait queue: past it a request fails at once instead of queueing forever.
            .setMaxWaitQueueSize(timeouts.maxWaitQueue())
            .setConnectionTimeout(timeouts.acquireTimeoutMs())
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setEventLoopSize(eventLoops))
        // Vert.x 5 takes TCP settings here (no longer on PgConnectOptions); the default connect
        // timeout is 60 s, far longer than any client waits for an answer.
        .with(new NetClientOptions().setConnectTimeout(timeouts.connectTimeoutMs()))
        .connectingTo(url.connectOptions())
        .using(vertx)
        .build();
  }
}
