package io.surge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Proves the blocked-event-loop watch that every {@link SurgeTest} class relies on can fail. */
@DisplayName("The blocked event loop watch")
class BlockedThreadWatchTests {

  @Test
  @DisplayName("hears Vert.x's warning when an event loop is blocked")
  void catchesABlockedLoop() throws Exception {
    BlockedThreadWatch.install();
    BlockedThreadWatch.clear();
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setBlockedThreadCheckInterval(50)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(100)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    try {
      // Deliberately blocks an event loop, which is what the watch exists to catch.
      vertx.runOnContext(v -> sleep(700));
      Eventually.until(Duration.ofSeconds(5), () -> !BlockedThreadWatch.warnings().isEmpty());
      assertThat(BlockedThreadWatch.warnings().get(0)).contains("blocked");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      BlockedThreadWatch.clear();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
