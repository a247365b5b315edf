package io.surge.inventory;

import static io.surge.support.InventoryFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.Db;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("A reservation batch PostgreSQL refuses")
class FailedBatchTests {
  private static TestNode node;

  @BeforeAll
  static void start() {
    // A node of its own: the trigger below must not disturb the other tests' reservations.
    node = TestNode.start(config -> config);
    sql("CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS $$"
        + " BEGIN IF NEW.customer_ref = 'poison' THEN RAISE EXCEPTION 'refused for the test'; END IF;"
        + " RETURN NEW; END $$");
    sql("CREATE TRIGGER refuse_poisoned BEFORE INSERT ON reservation FOR EACH ROW EXECUTE FUNCTION refuse_poisoned()");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void sql(String statement) {
    Db.execute(node.pgUrl(), statement);
  }

  @Test
  @DisplayName("is answered UNAVAILABLE (retryable), stores nothing and gives its units back to the hot store")
  void refusedBatch() {
    var fixture = InventoryFixture.create(node.admin(), 1, 1);
    String sku = fixture.skus.get(0);
    fixture.receive(sku, fixture.locationIds.get(0), 5);

    var refused = node.admin().query(InventoryFixture.RESERVE,
        Map.of("input", fixture.reserveInput(lines(sku, 5)).put("customerRef", "poison")));
    assertThat(refused.errorCode()).isEqualTo("UNAVAILABLE");
    assertThat(refused.errors().getJsonObject(0).getJsonObject("extensions").getBoolean("retryable")).isTrue();
    assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM reservation WHERE customer_ref = 'poison'")).isZero();
    assertThat(fixture.audit().getBoolean("clean")).isTrue();

    // The five units are reservable again at once: the hot store got them back.
    var retried = fixture.reserve(fixture.reserveInput(lines(sku, 5)).put("customerRef", "healthy"));
    assertThat(retried.getJsonObject("reservation")).isNotNull();
    assertThat(fixture.available(sku)).isZero();
    assertThat(fixture.audit().getBoolean("clean")).isTrue();
  }
}
