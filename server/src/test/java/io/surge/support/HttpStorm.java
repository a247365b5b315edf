package io.surge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Many concurrent GraphQL mutations over real HTTP, a bounded number in flight, as the admin.
 * HTTP/1.1 on purpose: the JDK client multiplexes HTTP/2 onto one connection, which is not how
 * a crowd of buyers arrives.
 */
public final class HttpStorm {
  private HttpStorm() {}

  /**
   * Sends {@code count} requests of {@code query} with {@code input.apply(i)} as {@code $input},
   * {@code inFlight} at a time; returns each response's {@code data.<field>}, in request order,
   * failing the test on any GraphQL error.
   */
  public static List<JsonObject> storm(TestNode node, String query, String field, int count, int inFlight,
      IntFunction<JsonObject> input) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Semaphore slots = new Semaphore(inFlight);
    List<CompletableFuture<JsonObject>> calls = new ArrayList<>();
    String key = node.node().config().adminKey().orElseThrow();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      String body = new JsonObject().put("query", query)
          .put("variables", new JsonObject().put("input", input.apply(i))).encode();
      HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/graphql"))
          .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, failure) -> slots.release())
          .thenApply(response -> new JsonObject(response.body())));
    }
    CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).get();
    List<JsonObject> payloads = new ArrayList<>();
    for (CompletableFuture<JsonObject> call : calls) {
      JsonObject body = call.get();
      assertThat(body.getJsonArray("errors")).as(body.encode()).isNull();
      payloads.add(body.getJsonObject("data").getJsonObject(field));
    }
    return payloads;
  }
}
