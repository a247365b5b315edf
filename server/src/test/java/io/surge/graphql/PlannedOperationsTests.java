package io.surge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.access.domain.Principal;
import io.surge.access.domain.Role;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Planned operations: which documents skip graphql-java, and how their answers look")
class PlannedOperationsTests {
  private static final Principal SHOP = new Principal(7, "shop", Role.CHANNEL, 3L);

  /** A planner for reserveStock that answers the input back, or fails with what the input says. */
  private static final class EchoPlanner implements OperationPlanner {
    OperationPlanner.Selected planned;

    @Override
    public String field() {
      return "reserveStock";
    }

    @Override
    public String inputType() {
      return "ReserveStockInput";
    }

    @Override
    public Plan plan(Selected payload) {
      planned = payload;
      return (caller, input, key) -> {
        if ("decline".equals(input)) {
          return null;
        }
        if ("fail".equals(input)) {
          return Future.failedFuture(new ApiException(ErrorCode.UNAVAILABLE, "try again", Map.of("retryable", true)));
        }
        return Future.succeededFuture(Map.of("echo", String.valueOf(input)));
      };
    }
  }

  private final EchoPlanner planner = new EchoPlanner();
  private final PlannedOperations plans = new PlannedOperations();

  {
    plans.register(planner);
  }

  private static final String PLAIN = """
      mutation Reserve($input: ReserveStockInput!) {
        reserveStock(input: $input) { reservation { id lines { sku } } userErrors { code } } }""";

  @Test
  @DisplayName("the plainest document is planned, with its selection handed to the planner in order")
  void plainDocument() {
    PlannedOperations.Planned planned = plans.find(PLAIN, "Reserve");
    assertThat(planned).isNotNull();
    assertThat(planned.field()).isEqualTo("reserveStock");
    assertThat(planner.planned.fields()).extracting(OperationPlanner.Selected::name).containsExactly("reservation", "userErrors");
    assertThat(planner.planned.fields().get(0).fields()).extracting(OperationPlanner.Selected::name).containsExactly("id", "lines");
    assertThat(plans.find(PLAIN, null)).isSameAs(planned);
  }

  @Test
  @DisplayName("anything but plain fields once each goes to graphql-java")
  void otherDocumentsAreNotPlanned() {
    List<String> documents = List.of(
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { r: reservation { id } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { ...P } } fragment P on ReservationPayload { userErrors { code } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { ... on ReservationPayload { userErrors { code } } } }",
        "mutation R($input: ReserveStockInput!, $skip: Boolean!) { reserveStock(input: $input) { userErrors @skip(if: $skip) { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors @include(if: true) { code } } }",
        "mutation R($input: ReserveStockInput!) @deprecated { reserveStock(input: $input) { userErrors { code } } }",
        "mutation R($input: ReserveStockInput! = {lines: []}) { reserveStock(input: $input) { userErrors { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) @skip(if: false) { userErrors { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input, other: 1) { userErrors { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors(first: 1) { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors { code } userErrors { message } } }",
        "mutation R($input: ReserveStockInput!) { a: reserveStock(input: $input) { userErrors { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors { code } } other { id } }",
        "mutation R($input: ReserveStockInput) { reserveStock(input: $input) { userErrors { code } } }",
        "mutation R($input: OtherInput!) { reserveStock(input: $input) { userErrors { code } } }",
        "mutation { reserveStock(input: {lines: []}) { userErrors { code } } }",
        "query R($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors { code } } }",
        "mutation R($input: ReserveStockInput!) { reserveStock(input: $input) { userErrors { code } ",
        "mutation R($input: ReserveStockInput!) { placeOrder(input: $input) { userErrors { code } } }");
    for (String document : documents) {
      assertThat(plans.find(document, null)).as(document).isNull();
    }
    assertThat(plans.find(PLAIN, "OtherName")).isNull();
    assertThat(plans.find(PLAIN + " ".repeat(2_000), null)).as("too long to be a storefront's").isNull();
  }

  @Test
  @DisplayName("an answer is data under the root field; a declined request is left to graphql-java")
  void answers() {
    PlannedOperations.Planned planned = plans.find(PLAIN, "Reserve");
    Map<String, Object> body = planned.execute(SHOP, Map.of("input", "x"), null).result();
    assertThat(body).isEqualTo(Map.of("data", Map.of("reserveStock", Map.of("echo", "x"))));
    assertThat(planned.execute(SHOP, Map.of("input", "decline"), null)).isNull();
  }

  @Test
  @DisplayName("a failure is the error graphql-java gives for a failed non-null root field: code, path, location, data null")
  void failure() {
    Map<String, Object> body = plans.find(PLAIN, "Reserve").execute(SHOP, Map.of("input", "fail"), null).result();
    assertThat(body).containsEntry("data", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> error = ((List<Map<String, Object>>) body.get("errors")).get(0);
    assertThat(error).containsEntry("message", "try again")
        .containsEntry("path", List.of("reserveStock"))
        .containsEntry("locations", List.of(Map.of("line", 2, "column", 3)))
        .containsEntry("extensions", Map.of("code", "UNAVAILABLE", "retryable", true));
  }
}
