package io.surge.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A shared future handed to a caller")
class CallerFuturesTests {
  private Vertx vertx;
  private Context loader;
  private Context reader;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    // Each call makes a context on the next event loop.
    loader = ((VertxInternal) vertx).createEventLoopContext();
    reader = ((VertxInternal) vertx).createEventLoopContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a lookup completed on one event loop runs a reader's callbacks on the reader's loop (read as it is, the loader's loop would run them)")
  void completedOnAnotherLoop() throws Exception {
    Future<String> shared = completedOn(loader, "variant");
    String loaderThread = threadOf(loader);
    String readerThread = threadOf(reader);
    assertThat(readerThread).isNotEqualTo(loaderThread);

    assertThat(readOn(reader, shared, f -> f)).as("the shared future read as it is").isEqualTo(loaderThread);
    assertThat(readOn(reader, shared, CallerFutures::onCaller)).isEqualTo(readerThread);
  }

  @Test
  @DisplayName("a lookup still loading is delivered on the reader's loop once the loader completes it")
  void pendingOnAnotherLoop() throws Exception {
    Promise<String> loading = Promise.promise();
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    CountDownLatch asked = new CountDownLatch(1);
    reader.runOnContext(v -> {
      CallerFutures.onCaller(loading.future())
          .onSuccess(value -> ranOn.complete(value + " on " + Thread.currentThread().getName()));
      asked.countDown();
    });
    assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
    loader.runOnContext(v -> loading.complete("variant"));
    assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo("variant on " + threadOf(reader));
  }

  @Test
  @DisplayName("a failed lookup is handed on as the same failure")
  void failed() throws Exception {
    IllegalStateException cause = new IllegalStateException("database away");
    Future<String> handed = CallerFutures.onCaller(Future.failedFuture(cause));
    assertThat(handed.failed()).isTrue();
    assertThat(handed.cause()).isSameAs(cause);
  }

  private static Future<String> completedOn(Context context, String value) throws Exception {
    CompletableFuture<Future<String>> made = new CompletableFuture<>();
    context.runOnContext(v -> {
      Promise<String> promise = ((ContextInternal) context).promise();
      promise.complete(value);
      made.complete(promise.future());
    });
    return made.get(10, TimeUnit.SECONDS);
  }

  private static String threadOf(Context context) throws Exception {
    CompletableFuture<String> name = new CompletableFuture<>();
    context.runOnContext(v -> name.complete(Thread.currentThread().getName()));
    return name.get(10, TimeUnit.SECONDS);
  }

  /** The thread that runs a callback the reader adds, on its own loop, to the future {@code read} gives it. */
  private static String readOn(Context reader, Future<String> shared, Function<Future<String>, Future<String>> read)
      throws Exception {
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    reader.runOnContext(v -> read.apply(shared).map(String::length)
        .onSuccess(length -> ranOn.complete(Thread.currentThread().getName())));
    return ranOn.get(10, TimeUnit.SECONDS);
  }
}
