package io.surge.graphql;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Instant;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Emits the server time once a second, {@code count} times, on the subscriber's event loop: the
 * {@code heartbeat} subscription that checks a graphql-transport-ws connection end to end.
 */
final class HeartbeatPublisher implements Publisher<Instant> {
  private static final int MAX_TICKS = 60;
  private final Context context;
  private final int count;

  HeartbeatPublisher(Context context, int count) {
    this.context = context;
    this.count = count;
  }

  /** The fetcher for {@code Subscription.heartbeat}. */
  static final class Fetcher implements DataFetcher<Publisher<Instant>> {
    @Override
    public Publisher<Instant> get(DataFetchingEnvironment env) {
      Integer count = env.getArgument("count");
      if (count == null || count < 1 || count > MAX_TICKS) {
        throw ApiException.badInput("count must be between 1 and " + MAX_TICKS);
      }
      Context context = Vertx.currentContext();
      if (context == null) {
        throw new IllegalStateException("subscriptions run on an event loop");
      }
      return new HeartbeatPublisher(context, count);
    }
  }

  @Override
  public void subscribe(Subscriber<? super Instant> subscriber) {
    context.runOnContext(ignored -> new Ticker(subscriber).start());
  }

  /** One subscription's state; touched only on {@link #context}'s thread. */
  private final class Ticker implements Subscription {
    private final Subscriber<? super Instant> subscriber;
    private long demand;
    private int sent;
    private long timer = -1;
    private boolean done;

    Ticker(Subscriber<? super Instant> subscriber) {
      this.subscriber = subscriber;
    }

    void start() {
      subscriber.onSubscribe(this);
      timer = context.owner().setPeriodic(1_000, id -> tick());
    }

    private void tick() {
      if (done || demand == 0) {
        return;
      }
      demand--;
      sent++;
      subscriber.onNext(Instant.now());
      if (sent >= count) {
        stop();
        subscriber.onComplete();
      }
    }

    @Override
    public void request(long n) {
      context.runOnContext(ignored -> demand = demand + n < 0 ? Long.MAX_VALUE : demand + n);
    }

    @Override
    public void cancel() {
      context.runOnContext(ignored -> stop());
    }

    private void stop() {
      done = true;
      if (timer >= 0) {
        context.owner().cancelTimer(timer);
      }
    }
  }
}
