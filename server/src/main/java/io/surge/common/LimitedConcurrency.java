package io.surge.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

/**
 * Runs asynchronous work over a list with at most {@code limit} items in flight, so a bulk request
 * queues work behind the journal or the pool instead of flooding it. Results keep the input's
 * order. Completions may arrive on any thread: the queue-drain loop below never recurses, however
 * many items complete synchronously, and never starts more than {@code limit} at once.
 */
public final class LimitedConcurrency {
  private LimitedConcurrency() {}

  /**
   * {@code work(index, item)} for every item, {@code limit} at a time. Fails with the first
   * failure (and starts nothing more); work should turn expected refusals into values.
   */
  public static <T, R> Future<List<R>> map(List<T> items, int limit, BiFunction<Integer, T, Future<R>> work) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    if (items.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return new Run<>(items, limit, work).start();
  }

  private static final class Run<T, R> {
    private final List<T> items;
    private final int limit;
    private final BiFunction<Integer, T, Future<R>> work;
    private final AtomicReferenceArray<R> results;
    private final Promise<List<R>> done = Promise.promise();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger remaining;
    private final AtomicBoolean failed = new AtomicBoolean();
    /** Only touched inside {@link #drain}, which one thread runs at a time. */
    private int next;

    Run(List<T> items, int limit, BiFunction<Integer, T, Future<R>> work) {
      this.items = items;
      this.limit = limit;
      this.work = work;
      this.results = new AtomicReferenceArray<>(items.size());
      this.remaining = new AtomicInteger(items.size());
    }

    Future<List<R>> start() {
      drain();
      return done.future();
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        while (!failed.get() && next < items.size() && inFlight.get() < limit) {
          int index = next++;
          inFlight.incrementAndGet();
          Future<R> result;
          try {
            result = work.apply(index, items.get(index));
          } catch (RuntimeException e) {
            result = Future.failedFuture(e);
          }
          result.onComplete(outcome -> finished(index, outcome.succeeded(), outcome.result(), outcome.cause()));
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void finished(int index, boolean succeeded, R result, Throwable cause) {
      if (!succeeded) {
        failed.set(true);
        done.tryFail(cause);
        return;
      }
      results.set(index, result);
      inFlight.decrementAndGet();
      if (remaining.decrementAndGet() == 0) {
        List<R> list = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
          list.add(results.get(i));
        }
        done.tryComplete(list);
      } else {
        drain();
      }
    }
  }
}
