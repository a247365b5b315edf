package io.surge.inventory.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.graphql.OperationPlanner.Selected;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("reserveStock's plan: which selections it renders itself")
class ReserveStockPlannerTests {
  private final ReserveStockPlanner planner = new ReserveStockPlanner(null);

  private static Selected leaf(String name) {
    return new Selected(name, List.of());
  }

  private static Selected object(String name, Selected... fields) {
    return new Selected(name, List.of(fields));
  }

  @Test
  @DisplayName("plans the fields it can render from the outcome alone")
  void renderable() {
    assertThat(planner.plan(object("reserveStock",
        object("reservation", leaf("id"), leaf("status"), leaf("expiresAt"), leaf("createdAt"), leaf("customerRef"),
            object("lines", leaf("sku"), leaf("quantity"))),
        object("userErrors", leaf("field"), leaf("code"), leaf("message"))))).isNotNull();
    assertThat(planner.plan(object("reserveStock", object("userErrors", leaf("code"))))).isNotNull();
  }

  @Test
  @DisplayName("declines other fields and selections graphql-java would refuse (objects without fields, leaves with them)")
  void declined() {
    List<Selected> payloads = List.of(
        object("reserveStock", object("reservation", leaf("id"), object("lines", leaf("sku"), object("location", leaf("id"))))),
        object("reserveStock", object("reservation", object("channel", leaf("id")))),
        object("reserveStock", leaf("reservation")),
        object("reserveStock", object("reservation", object("id", leaf("x")))),
        object("reserveStock", object("userErrors", object("code", leaf("x")))),
        object("reserveStock", leaf("__typename")),
        object("reserveStock", object("userErrors", leaf("code"), leaf("__typename"))),
        leaf("reserveStock"));
    for (Selected payload : payloads) {
      assertThat(planner.plan(payload)).as(payload.toString()).isNull();
    }
  }
}
