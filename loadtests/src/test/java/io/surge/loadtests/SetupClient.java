package io.surge.loadtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A blocking GraphQL client for a simulation's set-up (before any virtual user starts): looks up
 * ids, creates products, receives stock. Not for the measured traffic, which Gatling sends.
 *
 * <p>Blocking, one request at a time; use it from the simulation's constructor or {@code before()}.
 */
final class SetupClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI graphql;
  private final String authorization;

  SetupClient(LoadSettings settings) {
    this.graphql = URI.create(settings.baseUrl + "/graphql");
    this.authorization = "Bearer " + settings.apiKey;
  }

  /** Runs one query or mutation and returns its {@code data}; any top-level error stops the run. */
  JsonNode data(String query) {
    String body = "{\"query\":" + GraphqlBody.jsonString(query) + "}";
    HttpRequest request = HttpRequest.newBuilder(graphql)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(response.body());
      if (response.statusCode() != 200 || json.has("errors")) {
        throw new IllegalStateException("set-up request failed (HTTP " + response.statusCode() + "): "
            + abbreviate(response.body()) + "\n  query: " + abbreviate(query));
      }
      return json.get("data");
    } catch (IOException e) {
      throw new IllegalStateException("no answer from " + graphql + ": is the server up?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during set-up", e);
    }
  }

  /** Like {@link #data}, and also stops the run when the payload at {@code field} has userErrors. */
  JsonNode mutation(String field, String mutation) {
    JsonNode payload = data(mutation).get(field);
    if (payload.path("userErrors").size() > 0) {
      throw new IllegalStateException(field + " refused: " + payload.get("userErrors"));
    }
    return payload;
  }

  /** The ids of a channel and a location, by their codes (e.g. web, BER-WH in the demo data). */
  String[] channelAndLocationIds(String channelCode, String locationCode) {
    JsonNode d = data("query { channel(code: " + GraphqlBody.jsonString(channelCode) + ") { id } "
        + "location(code: " + GraphqlBody.jsonString(locationCode) + ") { id } }");
    if (d.path("channel").isNull() || d.path("location").isNull()) {
      throw new IllegalStateException("channel " + channelCode + " or location " + locationCode
          + " not found (demo data: SURGE_DEMO=true)");
    }
    return new String[] {d.get("channel").get("id").asText(), d.get("location").get("id").asText()};
  }

  /** Receives units of an existing SKU at a location; returns the new on-hand count. */
  int receive(String sku, String locationId, int quantity, String reference) {
    return mutation("receiveStock", "mutation { receiveStock(input: {sku: " + GraphqlBody.jsonString(sku)
        + ", locationId: " + GraphqlBody.jsonString(locationId) + ", quantity: " + quantity
        + ", reference: " + GraphqlBody.jsonString(reference) + "}) "
        + "{ stockLevel { onHand } userErrors { code message } } }")
        .get("stockLevel").get("onHand").asInt();
  }

  private static String abbreviate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }
}
