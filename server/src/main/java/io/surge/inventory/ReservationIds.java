package io.surge.inventory;

import io.surge.inventory.persistence.PgReservationRepository;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Hands out reservation ids from blocks of 1,000 taken from a PostgreSQL sequence, so ids are
 * unique across nodes and known before the batch that stores them. The next block is fetched
 * when half of the current one is used. Thread-safe (a short lock around the counters).
 */
final class ReservationIds {
  private static final int BLOCK = 1_000;
  private final PgReservationRepository repository;
  private long next;
  private long end;
  private Future<Long> nextBlock;

  ReservationIds(PgReservationRepository repository) {
    this.repository = repository;
  }

  synchronized Future<Long> next() {
    if (next < end) {
      long id = next++;
      if (end - next < BLOCK / 2 && nextBlock == null) {
        nextBlock = repository.nextIdBlock();
      }
      return Future.succeededFuture(id);
    }
    if (nextBlock == null) {
      nextBlock = repository.nextIdBlock();
    }
    Future<Long> pending = nextBlock;
    Promise<Long> result = Promise.promise();
    pending.onComplete(block -> {
      synchronized (this) {
        install(pending, block, result);
      }
    });
    return result.future();
  }

  private void install(Future<Long> pending, AsyncResult<Long> block, Promise<Long> result) {
    if (nextBlock == pending) {
      nextBlock = null;
    }
    if (block.failed()) {
      result.fail(block.cause());
      return;
    }
    if (next >= end) {
      next = block.result();
      end = block.result() + BLOCK;
    }
    // Either this block is now current, or another caller installed it first: take from it.
    next().onComplete(result);
  }
}
