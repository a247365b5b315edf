package io.surge.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Requests kept in flight against a server that is about to be killed: a bounded number at once,
 * each answer (or the lack of one: the kill cut it off) handed to the call that sent it. The
 * crash tests keep their own books of what was acknowledged; this only sends, counts the cut-off
 * ones and waits for the rest.
 */
public final class KillStorm {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  /** One request: its GraphQL body, and what to do with its answer (HTTP status, parsed body, raw text). */
  public record Call(String body, Answer onAnswer) {}

  @FunctionalInterface
  public interface Answer {
    void answered(int status, JsonObject body, String raw);
  }

  private final URI graphql;
  private final String authorization;
  private final Semaphore slots;
  private final Queue<CompletableFuture<Void>> sent = new ConcurrentLinkedQueue<>();
  private final AtomicInteger cutOff = new AtomicInteger();

  public KillStorm(String baseUrl, String adminKey, int inFlight) {
    this.graphql = URI.create(baseUrl + "/graphql");
    this.authorization = "Bearer " + adminKey;
    this.slots = new Semaphore(inFlight);
  }

  /** Sends {@code next.apply(n)} until {@code enough} holds or {@code limit} passes; returns with requests in flight. */
  public void runUntil(BooleanSupplier enough, Duration limit, IntFunction<Call> next) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int sequence = 0;
    while (!enough.getAsBoolean() && System.nanoTime() < deadline) {
      if (!slots.tryAcquire(20, TimeUnit.MILLISECONDS)) {
        continue;
      }
      Call call = next.apply(sequence++);
      HttpRequest request = HttpRequest.newBuilder(graphql)
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .header("Authorization", authorization)
          .POST(HttpRequest.BodyPublishers.ofString(call.body()))
          .build();
      sent.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .handle((response, failure) -> {
            slots.release();
            if (response == null) {
              cutOff.incrementAndGet();
            } else {
              JsonObject body = response.body().startsWith("{") ? new JsonObject(response.body()) : new JsonObject();
              call.onAnswer().answered(response.statusCode(), body, response.body());
            }
            return null;
          }));
    }
  }

  /** Waits for every request sent to be answered or cut off: a response read after the kill still counts. */
  public void awaitAnswers() throws Exception {
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  /** Requests that got no answer: the kill cut them off. */
  public int cutOff() {
    return cutOff.get();
  }
}
