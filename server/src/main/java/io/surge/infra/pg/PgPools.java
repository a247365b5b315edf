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

  public static Pool create(Vertx vertx, PgUrl url, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions()
            .setMaxSize(size)
            .setShared(true)
            .setName("surge-pg")
            // Bounded wait queue: past it a request fails at once instead of queueing forever.
            .setMaxWaitQueueSize(4_096)
            .setConnectionTimeout(5)
            .setEventLoopSize(0))
        .connectingTo(url.connectOptions())
        .using(vertx)
        .build();
  }
}
