package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.Eventually;
import io.surge.support.InventoryFixture;
import io.surge.support.SubscriptionClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Live stock: stockChanged")
class StockChangedTests {

  /** One SKU with 1,000 units at one location: enough to keep reserving however slowly a subscription registers. */
  private static InventoryFixture thousandUnits(TestNode node) {
    var fixture = InventoryFixture.create(node.admin(), 1, 1);
    fixture.receive(fixture.skus.get(0), fixture.locationIds.get(0), 1_000);
    return fixture;
  }

  /**
   * Waits for the subscription's ack, then reserves one unit at a time until its first event
   * arrives (the subscription is registered a moment after the ack).
   */
  private static void reserveUntilFirstEvent(InventoryFixture fixture, SubscriptionClient subscription) {
    Eventually.until(Duration.ofSeconds(10), () -> subscription.types().contains("connection_ack"));
    Eventually.until(Duration.ofSeconds(15), () -> {
      fixture.reserve(fixture.reserveInput(lines(fixture.skus.get(0), 1)));
      return subscription.types().contains("next");
    });
  }

  @Test
  @DisplayName("a reservation on one node reaches a subscriber on another node through Redis")
  void acrossNodes() {
    TestNode first = TestNode.shared();
    var fixture = thousandUnits(first);
    String sku = fixture.skus.get(0);
    String adminKey = first.node().config().adminKey().orElseThrow();
    try (TestNode second = TestNode.startOn(first.pgUrl(), config -> config.withAdminKey(adminKey));
         var subscription = SubscriptionClient.open(second.node().port(), adminKey,
             "subscription { stockChanged(skus: [\"" + sku + "\"]) { sku available reserved location { id } } }")) {
      reserveUntilFirstEvent(fixture, subscription);
      JsonObject change = changes(subscription).get(0);
      assertThat(change.getString("sku")).isEqualTo(sku);
      assertThat(change.getInteger("available") + change.getInteger("reserved")).isEqualTo(1_000);
      assertThat(change.getJsonObject("location").getString("id")).isEqualTo(fixture.locationIds.get(0));
    }
  }

  @Test
  @DisplayName("a burst of changes is sent at most once per window, the last message carrying the final counts")
  void burstsAreCoalesced() {
    TestNode node = TestNode.shared();
    var fixture = thousandUnits(node);
    String sku = fixture.skus.get(0);
    String adminKey = node.node().config().adminKey().orElseThrow();
    try (var subscription = SubscriptionClient.open(node.node().port(), adminKey,
        "subscription { stockChanged(skus: [\"" + sku + "\"]) { available reserved } }")) {
      reserveUntilFirstEvent(fixture, subscription);
      int reservedBefore = fixture.levels(sku).getJsonObject(0).getInteger("reserved");
      int before = changes(subscription).size();

      long started = System.nanoTime();
      for (int i = 0; i < 60; i++) {
        fixture.reserve(fixture.reserveInput(lines(sku, 1)));
      }
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      // The last message shows all 60: nothing is left unsent at the end of a burst.
      Eventually.until(Duration.ofSeconds(5), () -> {
        List<JsonObject> all = changes(subscription);
        return all.get(all.size() - 1).getInteger("reserved") == reservedBefore + 60;
      });
      int sent = changes(subscription).size() - before;
      assertThat(sent).as("messages for 60 changes in %d ms", elapsedMs)
          .isBetween(1, (int) (elapsedMs / StockEvents.WINDOW_MS) + 2);
    }
  }

  private static List<JsonObject> changes(SubscriptionClient subscription) {
    return subscription.messages().stream().filter(m -> "next".equals(m.getString("type")))
        .map(m -> m.getJsonObject("payload").getJsonObject("data").getJsonObject("stockChanged")).toList();
  }
}
