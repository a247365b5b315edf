package io.surge.infra;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x context on an event loop of its own, beside the loops the HTTP verticles share. For the
 * reservation journal: on a shared loop, PostgreSQL's answer to a batch waited behind whatever
 * burst of HTTP requests and responses the loop was working through, up to two thirds of a
 * batch's time at a few hundred connections (docs/PERFORMANCE.md §3e). Its thread does little work
 * and sleeps between batches, so the scheduler runs it as soon as the answer arrives; the node's
 * other connections (the main pool, Redis) are kept off it.
 *
 * <p>Vert.x's blocked-thread checker does not watch this thread (it registers only threads it
 * makes). What runs here is the journal's bookkeeping and its exclusive tasks (stock operations,
 * order changes, the audit's reading of the hot store), never blocking calls.
 */
public final class OwnEventLoop implements AutoCloseable {
  private final MultiThreadIoEventLoopGroup group;
  private final Context context;

  public OwnEventLoop(Vertx vertx, String threadName) {
    ThreadFactory threads = task ->
        VertxThreadFactory.INSTANCE.newVertxThread(task, threadName, false, 2, TimeUnit.SECONDS);
    // The transport Vert.x uses, so the journal's connections can register on this loop whatever it is.
    group = new MultiThreadIoEventLoopGroup(1, threads, ((VertxInternal) vertx).transport().ioHandlerFactory());
    context = ((VertxInternal) vertx).contextBuilder()
        .withThreadingModel(ThreadingModel.EVENT_LOOP)
        .withEventLoop(group.next())
        .build();
  }

  public Context context() {
    return context;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
