package io.surge.infra.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Builds the one PostgreSQL pool a node shares between all its verticles (as vertx-sql-client
 * recommends); statements are prepared once per connection and cached.
 */
public final class PgPools {
  private PgPools() {}

  /**
   * {@code maxWaitQueue} bounds the requests waiting for a connection: past it a statement fails
   * at once with {@code ConnectionPoolTooBusyException} (answered OVERLOADED) instead of queueing.
   */
  public static Pool create(Vertx vertx, PgUrl url, int size, int maxWaitQueue) {
    return PgBuilder.pool()
        .with(new PoolOptions()
            .setMaxSize(size)
            .setShared(true)
            .setName("surge-pg")
            .setMaxWaitQueueSize(maxWaitQueue)
            .setConnectionTimeout(5)
            .setEventLoopSize(0))
        .connectingTo(url.connectOptions())
        .using(vertx)
        .build();
  }
}
