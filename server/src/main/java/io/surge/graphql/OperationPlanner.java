package io.surge.graphql;

import io.surge.access.domain.Principal;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers one mutation field without graphql-java, for the documents {@link PlannedOperations}
 * lets through. The SDL stays the contract: a planner renders only fields the schema declares,
 * exactly as the general path would, and declines anything else.
 */
public interface OperationPlanner {

  /** The root mutation field, e.g. {@code reserveStock}. */
  String field();

  /** The input type of its one argument {@code input}, e.g. {@code ReserveStockInput}. */
  String inputType();

  /** A plan rendering this selection of the payload, or null when it selects a field the planner does not render. */
  Plan plan(Selected payload);

  /** Runs the field for one request. */
  interface Plan {
    /**
     * The payload, rendered as the selection asked; null when this plan declines the request (an
     * input of a shape it does not take, a caller it does not serve), decided before any effect.
     */
    Future<Map<String, Object>> execute(Principal caller, Object input, String idempotencyKey);
  }

  /** A selected field and the fields selected below it (empty for a leaf). */
  record Selected(String name, List<Selected> fields) {

    /** True when every selected field is one of {@code names}. */
    public boolean only(Set<String> names) {
      return fields.stream().allMatch(field -> names.contains(field.name()));
    }

    /** True for a field selected with sub-fields (an object), false for a leaf. */
    public boolean isObject() {
      return !fields.isEmpty();
    }
  }
}
