package io.surge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.SubscriptionClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Subscriptions over graphql-transport-ws")
class SubscriptionTests {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
  }

  @Test
  @DisplayName("an authenticated subscription streams its events and completes")
  void heartbeat() {
    try (var subscription = SubscriptionClient.open(node.node().port(),
        node.node().config().adminKey().orElseThrow(), "subscription { heartbeat(count: 2) }")) {
      subscription.awaitEnd(Duration.ofSeconds(20));
      assertThat(subscription.types()).containsExactly("connection_ack", "next", "next", "complete");
      assertThat(subscription.messages().get(1).getJsonObject("payload").getJsonObject("data")
          .getString("heartbeat")).endsWith("Z");
    }
  }

  @Test
  @DisplayName("a subscription without a key gets UNAUTHENTICATED")
  void anonymous() {
    try (var subscription = SubscriptionClient.open(node.node().port(), null, "subscription { heartbeat(count: 1) }")) {
      subscription.awaitEnd(Duration.ofSeconds(20));
      var answer = subscription.messages().stream()
          .filter(m -> !"connection_ack".equals(m.getString("type"))).findFirst().orElseThrow();
      assertThat(answer.encode()).contains("UNAUTHENTICATED");
    }
  }

  @Test
  @DisplayName("a bad key refuses the connection")
  void badKey() {
    try (var subscription = SubscriptionClient.open(node.node().port(), "surge_notARealKeyAtAllNotARealKeyAtAll",
        "subscription { heartbeat(count: 1) }")) {
      subscription.awaitEnd(Duration.ofSeconds(20));
      assertThat(subscription.types()).doesNotContain("connection_ack", "next");
    }
  }
}
