package io.surge.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog read path under an OPEN workload: virtual users arrive at a fixed rate whether or not
 * the server keeps up (no closed loop hiding latency behind back-pressure).
 *
 * <p>Each arriving user: reads the first page of {@code products}, follows {@code endCursor} for up
 * to {@code surge.pages - 1} more pages while {@code hasNextPage}, then looks up one variant by SKU.
 * So one user is {@code surge.pages + 1} requests (4 by default): at {@code surge.rate=50} that is
 * about 200 requests/s.
 *
 * <p>System properties (pass them to mvn with -D; the Gatling plugin forwards them):
 * <ul>
 *   <li>{@code surge.baseUrl} default {@code http://127.0.0.1:8080}</li>
 *   <li>{@code surge.apiKey} required: sent as {@code Authorization: Bearer <key>}</li>
 *   <li>{@code surge.rate} users per second, default 50 (decimals allowed)</li>
 *   <li>{@code surge.duration} seconds at the full rate, default 30</li>
 *   <li>{@code surge.ramp} seconds of linear ramp from 1 user/s to the rate before that, default 5
 *       (0 = none); the assertions cover the ramp too</li>
 *   <li>{@code surge.sku} default {@code DEMO-0001-M} (a SKU of the demo data, SURGE_DEMO=true)</li>
 *   <li>{@code surge.pages} product pages per user, default 3; {@code surge.pageSize} default 20</li>
 * </ul>
 *
 * <p>Assertions (global): failed requests &lt; 1 %, p99 response time &lt; 200 ms.
 */
public class CatalogSimulation extends Simulation {

  static final String PRODUCTS_QUERY =
      "query Products($first: Int, $after: String) { products(first: $first, after: $after) "
          + "{ edges { cursor node { id title variants { sku } } } pageInfo { hasNextPage endCursor } } }";

  static final String VARIANT_QUERY =
      "query Variant($sku: String!) { variant(sku: $sku) "
          + "{ id sku title prices { amount currencyCode } product { title } } }";

  private final LoadSettings settings = new LoadSettings();
  private final String baseUrl = settings.baseUrl;
  private final String apiKey = settings.apiKey;
  private final double rate = Double.parseDouble(prop("surge.rate", "50"));
  private final int duration = Integer.parseInt(prop("surge.duration", "30"));
  private final int ramp = Integer.parseInt(prop("surge.ramp", "5"));
  private final String sku = prop("surge.sku", "DEMO-0001-M");
  private final int pages = Integer.parseInt(prop("surge.pages", "3"));
  private final int pageSize = Integer.parseInt(prop("surge.pageSize", "20"));

  private final HttpProtocolBuilder httpProtocol =
      http.baseUrl(baseUrl)
          // Gatling's default warm-up request goes to https://gatling.io: keep all traffic on the
          // server under test.
          .warmUp(baseUrl + "/health/live")
          .acceptHeader("application/json")
          .contentTypeHeader("application/json")
          .authorizationHeader("Bearer " + apiKey)
          .userAgentHeader("surge-loadtests/gatling");

  /** First page: no cursor. */
  private final ChainBuilder firstPage =
      exec(
          http("products page 1")
              .post("/graphql")
              .body(StringBody(graphqlBody("Products", PRODUCTS_QUERY,
                  "{\"first\":" + pageSize + ",\"after\":null}")))
              .check(
                  status().is(200),
                  jsonPath("$.errors").notExists(),
                  jsonPath("$.data.products.pageInfo.hasNextPage").ofBoolean().saveAs("hasNextPage"),
                  jsonPath("$.data.products.pageInfo.endCursor").optional().saveAs("endCursor")));

  /** Following pages: the cursor the previous page gave, JSON-encoded by Gatling EL. */
  private final ChainBuilder nextPage =
      exec(
          http("products next page")
              .post("/graphql")
              .body(StringBody(graphqlBody("Products", PRODUCTS_QUERY,
                  "{\"first\":" + pageSize + ",\"after\":#{endCursor.jsonStringify()}}")))
              .check(
                  status().is(200),
                  jsonPath("$.errors").notExists(),
                  jsonPath("$.data.products.pageInfo.hasNextPage").ofBoolean().saveAs("hasNextPage"),
                  jsonPath("$.data.products.pageInfo.endCursor").optional().saveAs("endCursor")));

  private final ChainBuilder variantBySku =
      exec(
          http("variant by sku")
              .post("/graphql")
              .body(StringBody(graphqlBody("Variant", VARIANT_QUERY,
                  "{\"sku\":" + jsonString(sku) + "}")))
              .check(
                  status().is(200),
                  jsonPath("$.errors").notExists(),
                  // null when the SKU is unknown: a wrong -Dsurge.sku must not pass silently.
                  jsonPath("$.data.variant.sku").is(sku)));

  private final ScenarioBuilder catalog =
      scenario("catalog browse + variant lookup")
          .exec(firstPage)
          .repeat(Math.max(0, pages - 1))
          .on(doIf(session -> session.contains("endCursor") && session.getBoolean("hasNextPage"))
              .then(nextPage))
          .exec(variantBySku);

  {
    if (rate <= 0 || duration <= 0 || ramp < 0 || pages < 1 || pageSize < 1) {
      throw new IllegalArgumentException(
          "need surge.rate > 0, surge.duration > 0, surge.ramp >= 0, surge.pages >= 1, surge.pageSize >= 1");
    }
    List<OpenInjectionStep> injection = new ArrayList<>();
    if (ramp > 0) {
      injection.add(rampUsersPerSec(Math.min(1.0, rate)).to(rate).during(Duration.ofSeconds(ramp)));
    }
    injection.add(constantUsersPerSec(rate).during(Duration.ofSeconds(duration)));

    System.out.printf(
        "CatalogSimulation: baseUrl=%s rate=%s users/s ramp=%ds duration=%ds sku=%s pages=%d pageSize=%d%n",
        baseUrl, rate, ramp, duration, sku, pages, pageSize);

    setUp(catalog.injectOpen(injection).protocols(httpProtocol))
        // Hard stop so a stalled server cannot keep the run going: injection time + 60 s to drain.
        .maxDuration(Duration.ofSeconds(ramp + duration + 60L))
        .assertions(
            global().failedRequests().percent().lt(1.0),
            global().responseTime().percentile(99.0).lt(200));
  }

  private static String graphqlBody(String operationName, String query, String variablesJson) {
    return GraphqlBody.of(operationName, query, variablesJson);
  }

  private static String jsonString(String s) {
    return GraphqlBody.jsonString(s);
  }

  private static String prop(String name, String def) {
    return LoadSettings.prop(name, def);
  }
}
