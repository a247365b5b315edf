package io.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Health, metrics and GraphiQL endpoints")
class EndpointsTests {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("/health/live answers UP without touching the database")
  void live() throws Exception {
    var response = get("/health/live");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"UP\"");
  }

  @Test
  @DisplayName("/health/ready reports PostgreSQL and Redis")
  void ready() throws Exception {
    var response = get("/health/ready");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"postgres\":\"UP\"").contains("\"redis\":\"UP\"");
  }

  @Test
  @DisplayName("/metrics exposes GraphQL per operation and outcome, HTTP, the PG pool and the JVM")
  void metrics() throws Exception {
    node.admin().query("query MetricsProbe { viewer { role } }");
    node.admin().query("query MetricsProbe { viewer { nope } }");
    String body = get("/metrics").body();
    assertThat(body)
        .contains("surge_graphql_requests_seconds_count{operation=\"MetricsProbe\",outcome=\"ok\"}")
        .contains("outcome=\"bad_user_input\"")
        .contains("vertx_http_server_requests_total")
        .contains("vertx_pool_")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  @DisplayName("GraphiQL is served at /graphiql/")
  void graphiql() throws Exception {
    var response = get("/graphiql/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).containsIgnoringCase("graphiql");
  }

  @Test
  @DisplayName("a URL past the HTTP limit is refused with 414 and a coded error body, and the node goes on")
  void urlTooLong() throws Exception {
    var response = get("/graphql?query=" + "x".repeat(10_000));
    assertThat(response.statusCode()).isEqualTo(414);
    var body = new io.vertx.core.json.JsonObject(response.body());
    assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("introspection and GraphiQL are on by default, and a production node switches both off")
  void introspectionAndGraphiql() throws Exception {
    String query = "{ __schema { queryType { name } } }";
    assertThat(node.anonymous().query(query).data().getJsonObject("__schema")).isNotNull();
    try (TestNode closed = TestNode.start(config -> config.withIntrospection(false).withGraphiql(false))) {
      var response = closed.anonymous().query(query);
      assertThat(response.errors()).isNotNull();
      assertThat(response.body().getValue("data")).isNull();
      var graphiql = HTTP.send(HttpRequest.newBuilder(URI.create(closed.baseUrl() + "/graphiql/")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(graphiql.statusCode()).isEqualTo(404);
      assertThat(closed.admin().query("{ __typename }").errors()).as("the API itself still answers").isNull();
    }
  }
}
