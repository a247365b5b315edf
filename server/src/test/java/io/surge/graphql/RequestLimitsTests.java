package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Request limits and malformed requests")
class RequestLimitsTests {
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  @Test
  @DisplayName("a query nested deeper than the limit is refused before it runs")
  void tooDeep() {
    // product -> variants -> product -> ... : 13 levels against a limit of 12.
    String query = "{ variant(sku: \"X\") { product { variants { product { variants { product { variants {"
        + " product { variants { product { variants { product { title } } } } } } } } } } } } }";
    var response = admin.query(query);
    assertThat(response.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(response.errors().getJsonObject(0).getJsonObject("extensions").getString("limit")).isEqualTo("depth");
    assertThat(response.body().containsKey("data")).isFalse();
  }

  @Test
  @DisplayName("a query whose estimated cost passes the limit is refused")
  void tooComplex() {
    String page = "products(first: 100) { edges { node { variants { prices { amount } product { variants { sku title barcode } } } } } }";
    String query = "{ a: " + page + " b: " + page + " c: " + page + " d: " + page + " e: " + page + " }";
    var response = admin.query(query);
    assertThat(response.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(response.errors().getJsonObject(0).getJsonObject("extensions").getString("limit")).isEqualTo("complexity");
  }

  @Test
  @DisplayName("more aliases than the limit are refused")
  void tooManyAliases() {
    StringBuilder query = new StringBuilder("{");
    for (int i = 0; i < 31; i++) {
      query.append(" a").append(i).append(": viewer { role }");
    }
    var response = admin.query(query.append(" }").toString());
    assertThat(response.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(response.errors().getJsonObject(0).getJsonObject("extensions").getString("limit")).isEqualTo("aliases");
  }

  @Test
  @DisplayName("a fragment bomb is refused at once as too complex, without holding the event loop")
  void fragmentBomb() {
    StringBuilder query = new StringBuilder("query { ...F34 } fragment F0 on Query { viewer { role } }");
    for (int i = 1; i <= 34; i++) {
      query.append(" fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
    }
    long started = System.nanoTime();
    var response = admin.query(query.toString());
    assertThat(response.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(response.errors().getJsonObject(0).getJsonObject("extensions").getString("limit")).isEqualTo("complexity");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("a body larger than the limit is refused with HTTP 413")
  void bodyTooLarge() {
    String padding = "x".repeat(1024 * 1024 + 10);
    var response = admin.post("{\"query\":\"{ viewer { role } }\",\"variables\":{\"pad\":\"" + padding + "\"}}");
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("malformed JSON, a missing query and wrong member types are BAD_USER_INPUT with HTTP 400")
  void malformedJson() {
    for (String body : new String[] {"{\"query\": ", "[1,2]", "{}", "{\"query\": 42}", "{\"query\":\"{ viewer { role } }\",\"variables\":[1]}", ""}) {
      var response = admin.post(body);
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.errorCode()).as(body).isEqualTo("BAD_USER_INPUT");
    }
  }

  @Test
  @DisplayName("syntax errors, unknown fields and unknown operations are BAD_USER_INPUT, without internals")
  void invalidDocuments() {
    assertThat(admin.query("{ viewer { role }").errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(admin.query("{ viewer { nope } }").errorCode()).isEqualTo("BAD_USER_INPUT");
    var unknown = admin.post("{\"query\":\"query A { viewer { role } }\",\"operationName\":\"B\"}");
    assertThat(unknown.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(unknown.body().encode()).doesNotContain("Exception").doesNotContain("at io.");
  }

  @Test
  @DisplayName("a variable of the wrong type is BAD_USER_INPUT")
  void wrongVariableType() {
    var response = admin.query("query($first: Int) { products(first: $first) { totalCount } }",
        Map.of("first", "many"));
    assertThat(response.errorCode()).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("a NUL character in a string argument is BAD_USER_INPUT, not an internal error")
  void nulCharacter() {
    var tracked = TestNode.shared().anonymous().query("query($n: String!, $e: String!) { trackOrder(number: $n, email: $e) { status } }",
        Map.of("n", "\u0000", "e", "a@example.com"));
    assertThat(tracked.errorCode()).isEqualTo("BAD_USER_INPUT");
    var audit = admin.query("query($s: [String!]) { inventoryAudit(skus: $s) { clean } }", Map.of("s", List.of("a\u0000b")));
    assertThat(audit.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(audit.body().encode()).doesNotContain("SQLSTATE").doesNotContain("22021");
  }

  @Test
  @DisplayName("GET runs queries and refuses mutations")
  void getIsForQueries() {
    var query = admin.get("/graphql?query=" + encode("{ viewer { role } }"));
    assertThat(query.data().getJsonObject("viewer").getString("role")).isEqualTo("ADMIN");
    var mutation = admin.get("/graphql?query=" + encode("mutation { ping }"));
    assertThat(mutation.errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(mutation.body().getValue("data")).isNull();
  }

  @Test
  @DisplayName("a page size beyond 100 is BAD_USER_INPUT, and so is a forged cursor")
  void pageArguments() {
    assertThat(admin.query("{ products(first: 101) { totalCount } }").errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(admin.query("{ products(after: \"bm90LWEtY3Vyc29y\") { totalCount } }").errorCode())
        .isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("a valid document is cached after its first use; an invalid one is not")
  void documentCache() {
    var cache = TestNode.shared().node().engine().documents();
    String query = "query CacheProbe" + System.nanoTime() + " { viewer { role } }";
    assertThat(cache.isCached(query)).isFalse();
    admin.query(query);
    assertThat(cache.isCached(query)).isTrue();
    assertThat(admin.query(query).data().getJsonObject("viewer").getString("role")).isEqualTo("ADMIN");
    String invalid = "{ viewer { nope } }";
    admin.query(invalid);
    assertThat(cache.isCached(invalid)).as("invalid documents are not cached").isFalse();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
