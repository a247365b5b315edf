package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.app.SurgeConfig.GraphQLLimitsConfig;
import io.surge.support.Db;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated malformed and hostile requests against the shared node
 * ({@link HostileRequests}). Reproduce a failure with {@code -Dsurge.fuzz.seed=<the seed printed>};
 * {@code -Dsurge.fuzz.count} changes how many requests are sent.
 */
@SurgeTest
@DisplayName("Hostile input")
class HostileInputTests {
  private static final Set<Integer> ALLOWED_STATUS = Set.of(200, 400, 401, 403, 413, 415, 429, 503);
  /** What a response must never show: stack traces, class names, driver and SQL text. */
  private static final List<String> INTERNALS = List.of("Exception", "\tat ", "at io.", "java.", "javax.",
      "org.postgresql", "io.vertx", "com.fasterxml", "io.netty", "SQLSTATE", "sqlState", "SELECT ", "INSERT INTO",
      "UPDATE ", "DELETE FROM", " WHERE ", "syntax error at or near", "relation \"", "pg_catalog");
  /** Everything the fuzzer must leave as it is; audit_log grows by design (refused staff mutations are audited). */
  private static final List<String> TABLES = List.of("sales_order", "order_line", "order_history", "reservation",
      "reservation_line", "stock_movement", "stock", "stock_transfer", "variant", "variant_price", "product",
      "api_key", "customer", "location", "channel", "channel_location", "campaign", "draft_order",
      "fulfillment_order", "shipment", "idempotency_key");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @Test
  @DisplayName("thousands of hostile requests get a coded 4xx/200/503, leak no internals, change no data, and the node stays up")
  void fuzz() {
    TestNode node = TestNode.shared();
    InventoryFixture inventory = InventoryFixture.create(node.admin(), 1, 2);
    inventory.receive(inventory.skus.get(0), inventory.locationIds.get(0), 10);
    long seed = Long.getLong("surge.fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("surge.fuzz.count", 4000);
    System.out.println("HostileInputTests seed " + seed + " (rerun with -Dsurge.fuzz.seed=" + seed + ")");
    var requests = new HostileRequests(seed, node.node().engine().schema(), GraphQLLimitsConfig.defaults().maxBodyBytes());
    Map<String, Object> before = snapshot(node.pgUrl());
    long heapBefore = usedHeapAfterGc();
    long started = System.nanoTime();

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < count && failures.size() < 20; i++) {
      HostileRequests.Request request = requests.next();
      HttpResponse<String> response = send(node, request);
      String problem = problem(request, response);
      if (problem != null) {
        failures.add("#" + i + " " + problem + "\n    request " + request.describe()
            + "\n    response " + response.statusCode() + " " + abbreviate(response.body()));
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    long heapGrowth = usedHeapAfterGc() - heapBefore;
    System.out.println("HostileInputTests: " + count + " requests in " + millis + " ms, heap growth "
        + heapGrowth / (1024 * 1024) + " MB, seed " + seed);

    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(snapshot(node.pgUrl())).as("row counts and stock after the fuzzer").isEqualTo(before);
    assertThat(heapGrowth).as("heap growth in bytes").isLessThan(200L * 1024 * 1024);
    assertThat(node.anonymous().get("/health/live").status()).isEqualTo(200);
    assertThat(inventory.available(inventory.skus.get(0))).isEqualTo(10);
    assertThat(node.admin().query("{ viewer { role } }").data().getJsonObject("viewer").getString("role")).isEqualTo("ADMIN");
  }

  /** What is wrong with a response, or null. */
  private static String problem(HostileRequests.Request request, HttpResponse<String> response) {
    String body = response.body();
    if (!ALLOWED_STATUS.contains(response.statusCode())) {
      return "status " + response.statusCode();
    }
    String requestText = request.body() == null
        ? java.net.URLDecoder.decode(request.urlQuery(), StandardCharsets.UTF_8)
        : new String(request.body(), StandardCharsets.UTF_8);
    for (String internal : INTERNALS) {
      if (body.contains(internal) && !requestText.contains(internal)) {
        return "leaks '" + internal + "'";
      }
    }
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException e) {
      return "body is not a JSON object";
    }
    JsonArray errors = json.getJsonArray("errors");
    if (response.statusCode() != 200 && (errors == null || errors.isEmpty())) {
      return "refusal without errors";
    }
    for (int i = 0; errors != null && i < errors.size(); i++) {
      JsonObject extensions = errors.getJsonObject(i).getJsonObject("extensions");
      String code = extensions == null ? null : extensions.getString("code");
      if (code == null) {
        return "error without extensions.code";
      }
      if (code.equals("INTERNAL")) {
        return "INTERNAL error";
      }
    }
    return null;
  }

  private static HttpResponse<String> send(TestNode node, HostileRequests.Request request) {
    HttpRequest.Builder builder;
    if (request.method().equals("GET")) {
      builder = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/graphql?" + request.urlQuery())).GET();
    } else {
      builder = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/graphql"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
      if (request.contentType() != null) {
        builder.header("Content-Type", request.contentType());
      }
    }
    if (request.admin()) {
      builder.header("Authorization", "Bearer " + node.adminKey());
    }
    try {
      return HTTP.send(builder.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("no response to " + request.describe(), e);
    }
  }

  /** Row counts of the main tables and a checksum of every stock counter. */
  private static Map<String, Object> snapshot(String pgUrl) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, Db.count(pgUrl, "SELECT count(*) FROM " + table));
    }
    counts.put("stock checksum", Db.column(pgUrl,
        "SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY variant_id, location_id), '')) FROM stock s").get(0));
    return counts;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static String abbreviate(String text) {
    return text.length() <= 400 ? text : text.substring(0, 400) + "...";
  }
}
