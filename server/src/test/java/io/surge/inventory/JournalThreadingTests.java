package io.surge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The journal works on an event loop of its own (docs/PERFORMANCE.md §3e), and what it answers
 * carries on on the caller's event loop: per-loop state (the in-flight count) and the response's
 * write belong there.
 */
@SurgeTest
@DisplayName("The reservation journal's threads")
class JournalThreadingTests {

  @Test
  @DisplayName("journal work runs on its own thread, and each caller's callback runs on the caller's event loop")
  void ownLoopAnswersOnCallers() throws Exception {
    var node = TestNode.shared().node();
    ReservationJournal journal = node.services().inventory().journal();
    List<CompletableFuture<String>> seen = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Context caller = ((VertxInternal) node.vertx()).createEventLoopContext();
      CompletableFuture<String> threads = new CompletableFuture<>();
      caller.runOnContext(v -> {
        String callerThread = Thread.currentThread().getName();
        journal.exclusive(() -> Future.succeededFuture(Thread.currentThread().getName()))
            .onComplete(ran -> threads.complete(callerThread + " | " + ran.result() + " | "
                + Thread.currentThread().getName()));
      });
      seen.add(threads);
    }
    for (CompletableFuture<String> threads : seen) {
      String[] parts = threads.get(10, TimeUnit.SECONDS).split(" \\| ");
      assertThat(parts[0]).startsWith("vert.x-eventloop-thread-");
      assertThat(parts[1]).as("where the journal ran the task").isEqualTo("surge-journal");
      assertThat(parts[2]).as("where the caller was answered").isEqualTo(parts[0]);
    }
  }

  @Test
  @DisplayName("a task whose future another thread completes is followed by the next task on the journal's thread, not on that one")
  void completionFromAnotherThread() throws Exception {
    ReservationJournal journal = TestNode.shared().node().services().inventory().journal();
    Promise<String> elsewhere = Promise.promise();
    CountDownLatch started = new CountDownLatch(1);
    Future<String> first = journal.exclusive(() -> {
      started.countDown();
      return elsewhere.future();
    });
    CompletableFuture<String> nextRanOn = new CompletableFuture<>();
    journal.exclusive(() -> Future.succeededFuture(Thread.currentThread().getName()))
        .onComplete(ran -> nextRanOn.complete(ran.result()));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread plain = new Thread(() -> elsewhere.complete("done"), "not-vertx");
    plain.start();
    plain.join();
    assertThat(nextRanOn.get(10, TimeUnit.SECONDS)).isEqualTo("surge-journal");
    assertThat(first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("done");
  }
}
