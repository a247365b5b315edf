package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.app.EdgeLimitsConfig;
import io.surge.app.EdgeLimitsConfig.Rate;
import io.surge.app.SurgeConfig;
import io.surge.support.CatalogMother;
import io.surge.support.GraphQLClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.surge.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Token buckets in Redis per API key and per client address. Each node here uses a Redis
 * database of its own, so its buckets never meet those of the suite's other nodes.
 */
@SurgeTest
@DisplayName("Rate limits")
class RateLimitTests {
  private static final String TRACK = "{ trackOrder(number: \"1\", email: \"a@b.c\") { number } }";
  private static final String VIEWER = "{ viewer { role } }";

  private TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("an anonymous client hammering trackOrder past its bucket gets 429 RATE_LIMITED with Retry-After; keys are not affected")
  void anonymousByAddress() {
    node = start(redisDatabase(), tiny(new Rate(100_000, 200_000), new Rate(2, 5)));
    List<GraphQLClient.Response> responses = hammer(node.anonymous(), TRACK, 20);
    assertThat(responses.subList(0, 5)).allSatisfy(response -> {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.errors()).isNull();
    });
    var limited = responses.stream().filter(response -> response.status() == 429).toList();
    assertThat(limited).hasSizeGreaterThanOrEqualTo(10).allSatisfy(response -> {
      assertThat(response.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(response.headers().get("retry-after")).containsExactly("1");
      assertThat(response.errors().getJsonObject(0).getJsonObject("extensions").getInteger("retryAfterSeconds")).isEqualTo(1);
    });
    assertThat(node.admin().query(VIEWER).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a STAFF key with a tiny bucket is limited while the ADMIN key on the same node is not")
  void perKey() {
    node = start(redisDatabase(), tiny(new Rate(1, 3), new Rate(10_000, 20_000)));
    GraphQLClient staff = node.admin().as(createKey("STAFF"));
    List<GraphQLClient.Response> staffResponses = hammer(staff, VIEWER, 10);
    assertThat(staffResponses.subList(0, 3)).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
    assertThat(staffResponses.stream().filter(response -> response.status() == 429).count()).isGreaterThanOrEqualTo(6);
    assertThat(staffResponses.get(9).errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(hammer(node.admin(), VIEWER, 50)).allSatisfy(response -> {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.data().getJsonObject("viewer").getString("role")).isEqualTo("ADMIN");
    });
    assertThat(node.admin().get("/metrics").body().getString("raw"))
        .containsPattern("surge_edge_refusals_total\\{reason=\"rate_limited\"[^}]*\\} [1-9]");
  }

  @Test
  @DisplayName("with Redis unreachable the node starts and requests pass (fail open), counted in a metric")
  void failsOpenWithoutRedis() throws Exception {
    node = start("redis://127.0.0.1:" + closedPort(), tiny(new Rate(1, 1), new Rate(1, 1)));
    long started = System.nanoTime();
    assertThat(hammer(node.anonymous(), TRACK, 20)).allSatisfy(response -> {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.errors()).isNull();
    });
    assertThat(hammer(node.admin(), VIEWER, 20)).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
    assertThat((System.nanoTime() - started) / 1_000_000).as("40 requests without Redis, ms").isLessThan(5_000);
    assertThat(node.admin().get("/metrics").body().getString("raw"))
        .containsPattern("surge_ratelimit_fail_open_total[^ ]* [1-9]");
  }

  @Test
  @DisplayName("SURGE_RATE_LIMITS=false switches the check off")
  void switchedOff() {
    node = start(redisDatabase(), config -> tiny(new Rate(1, 1), new Rate(1, 1)).apply(config).withRateLimits(false));
    assertThat(hammer(node.anonymous(), TRACK, 10)).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
  }

  @Test
  @DisplayName("rates and per-channel overrides are read from the environment")
  void configuration() {
    var config = EdgeLimitsConfig.fromEnv(Map.of(
        "SURGE_RATE_LIMIT_ANONYMOUS", "5/10",
        "SURGE_RATE_LIMIT_CHANNEL", "300",
        "SURGE_RATE_LIMIT_CHANNELS", "7=50/60, 9=1.5/2",
        "SURGE_RATE_LIMITS", "false"));
    assertThat(config.anonymous()).isEqualTo(new Rate(5, 10));
    assertThat(config.channelRate(7L)).isEqualTo(new Rate(50, 60));
    assertThat(config.channelRate(9L)).isEqualTo(new Rate(1.5, 2));
    assertThat(config.channelRate(8L)).isEqualTo(new Rate(300, 300));
    assertThat(config.rateLimits()).isFalse();
    assertThat(SurgeConfig.fromEnv(Map.of()).edge()).isEqualTo(EdgeLimitsConfig.defaults());
  }

  private static UnaryOperator<EdgeLimitsConfig> tiny(Rate staff, Rate anonymous) {
    return edge -> edge.withRates(edge.admin(), staff, edge.channel(), anonymous, edge.channels());
  }

  private static TestNode start(String redisUrl, UnaryOperator<EdgeLimitsConfig> edge) {
    String pgUrl = TestServices.freshDatabase("rate_limits");
    return TestNode.startOn(pgUrl, config -> config.withServices(pgUrl, redisUrl).withEdge(edge.apply(config.edge())));
  }

  private String createKey(String role) {
    var created = node.admin().query("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
        Map.of("input", new JsonObject().put("name", CatalogMother.unique("rl")).put("role", role)));
    assertThat(created.errors()).isNull();
    return created.data().getJsonObject("createApiKey").getString("secret");
  }

  private static List<GraphQLClient.Response> hammer(GraphQLClient client, String query, int times) {
    List<GraphQLClient.Response> responses = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      responses.add(client.query(query));
    }
    return responses;
  }

  /** The suite's Redis, in a database no other test node uses, emptied first. */
  private static String redisDatabase() {
    String url = TestServices.redisUrl().replaceAll("/\\d+$", "") + "/9";
    Vertx vertx = Vertx.vertx();
    try {
      Redis.createClient(vertx, url).send(Request.cmd(Command.FLUSHDB))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not empty Redis database 9", e);
    } finally {
      vertx.close();
    }
    return url;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
