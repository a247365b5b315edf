package io.surge.graphql;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A subscription's event stream for graphql-java: events offered from any thread are delivered
 * on the subscriber's event loop as demand allows. A slow subscriber keeps at most
 * {@link #BUFFER} events; older ones are dropped (live stock is about the latest state).
 */
public final class EventPublisher<T> implements Publisher<T> {
  static final int BUFFER = 1_000;

  private final Context context;
  private final Runnable onCancel;
  private final ArrayDeque<T> buffer = new ArrayDeque<>();
  private Subscriber<? super T> subscriber;
  private long demand;
  private boolean cancelled;

  /** @param onCancel called once, on the context, when the subscriber goes away */
  public EventPublisher(Context context, Runnable onCancel) {
    this.context = context;
    this.onCancel = onCancel;
  }

  @Override
  public void subscribe(Subscriber<? super T> newSubscriber) {
    context.runOnContext(v -> {
      subscriber = newSubscriber;
      newSubscriber.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {
          context.runOnContext(ignored -> {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
          });
        }

        @Override
        public void cancel() {
          context.runOnContext(ignored -> {
            if (!cancelled) {
              cancelled = true;
              buffer.clear();
              onCancel.run();
            }
          });
        }
      });
    });
  }

  /** Offers an event; safe from any thread. */
  public void offer(T event) {
    context.runOnContext(v -> {
      if (cancelled) {
        return;
      }
      if (buffer.size() == BUFFER) {
        buffer.poll();
      }
      buffer.add(event);
      drain();
    });
  }

  private void drain() {
    while (subscriber != null && !cancelled && demand > 0 && !buffer.isEmpty()) {
      demand--;
      subscriber.onNext(buffer.poll());
    }
  }
}
