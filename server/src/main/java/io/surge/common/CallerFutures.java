package io.surge.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Futures shared between requests (cached lookups, a journal's commits, a rate limiter's refill),
 * handed to a caller so that what the caller does next runs on the caller's own event loop.
 *
 * <p>A Vert.x future runs a callback on the context it was created on, even one added after it
 * completed. A lookup cached as a future loaded by one event loop would so move every later
 * request that reads it onto that loop: a task hop there for the rest of the request, and its
 * response written from the wrong loop, a second hop back to the connection's (measured: most
 * storefront reservations made both hops, docs/PERFORMANCE.md §3e).
 */
public final class CallerFutures {
  private CallerFutures() {}

  /**
   * {@code shared}'s outcome for the calling context: a completed one as a new future without a
   * context (callbacks run at once, on the caller's thread), one still pending relayed to the
   * caller's context when it completes.
   */
  public static <T> Future<T> onCaller(Future<T> shared) {
    if (shared.succeeded()) {
      return Future.succeededFuture(shared.result());
    }
    if (shared.failed()) {
      return Future.failedFuture(shared.cause());
    }
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> relay = Promise.promise();
    shared.onComplete(result -> {
      if (Vertx.currentContext() == caller) {
        relay.handle(result);
      } else {
        caller.runOnContext(v -> relay.handle(result));
      }
    });
    return relay.future();
  }
}
