package io.surge.support;

import io.surge.infra.pg.StatementCounter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A blocking GraphQL-over-HTTP client for tests (runs on the test thread, never an event loop).
 * Inside {@link StatementWatch#during} it tags its requests so their SQL statements are counted.
 */
public final class GraphQLClient {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final String baseUrl;
  private final String key;

  public GraphQLClient(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  /** The same server with another API key (null for none). */
  public GraphQLClient as(String otherKey) {
    return new GraphQLClient(baseUrl, otherKey);
  }

  /** An HTTP response with its body parsed as JSON. */
  public record Response(int status, JsonObject body, Map<String, java.util.List<String>> headers) {
    public JsonObject data() {
      return body.getJsonObject("data");
    }

    public JsonArray errors() {
      return body.getJsonArray("errors");
    }

    /** The {@code extensions.code} of the first error, or null when there is none. */
    public String errorCode() {
      JsonArray errors = errors();
      return errors == null || errors.isEmpty() ? null
          : errors.getJsonObject(0).getJsonObject("extensions").getString("code");
    }

    public String firstErrorMessage() {
      return errors().getJsonObject(0).getString("message");
    }
  }

  public Response query(String query) {
    return query(query, Map.of());
  }

  public Response query(String query, Map<String, Object> variables) {
    return post(new JsonObject().put("query", query).put("variables", new JsonObject(variables)).encode());
  }

  /** Posts a raw body: for malformed or oversized requests. */
  public Response post(String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/graphql"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(request);
  }

  public Response get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET());
  }

  public Response send(HttpRequest.Builder request) {
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    String tally = StatementWatch.currentTally();
    if (tally != null) {
      request.header(StatementCounter.TALLY_HEADER, tally);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonObject body = text.startsWith("{") ? new JsonObject(text) : new JsonObject().put("raw", text);
      return new Response(response.statusCode(), body, response.headers().map());
    } catch (Exception e) {
      throw new IllegalStateException("request failed", e);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }
}
