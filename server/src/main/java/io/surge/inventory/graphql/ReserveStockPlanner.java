package io.surge.inventory.graphql;

import io.surge.access.domain.Principal;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.GlobalId;
import io.surge.graphql.OperationPlanner;
import io.surge.graphql.Scalars;
import io.surge.inventory.ReservationService;
import io.surge.inventory.ReservationService.IdempotencyKey;
import io.surge.inventory.domain.Reservation;
import io.surge.inventory.domain.ReservationLine;
import io.surge.inventory.domain.ReserveRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code reserveStock} for storefront keys without graphql-java (see {@link io.surge.graphql.PlannedOperations}):
 * the same {@link ReservationService#reserve} call the data fetcher makes, the payload rendered
 * straight from the outcome. Renders the payload's fields that need no other lookup
 * ({@code reservation { id status expiresAt createdAt customerRef lines { sku quantity } }},
 * {@code userErrors { field code message }}); a document selecting more (a line's location, the
 * channel) goes through graphql-java. Staff keys always do, so their mutations keep their audit
 * entries; so does an input of any shape but the plainest (strings for IDs, integers for Ints, no
 * destination, at most {@link ReservationService#MAX_LINES} lines), so coercion errors stay graphql-java's.
 */
final class ReserveStockPlanner implements OperationPlanner {
  private static final Set<String> PAYLOAD = Set.of("reservation", "userErrors");
  private static final Set<String> RESERVATION = Set.of("id", "status", "expiresAt", "createdAt", "customerRef", "lines");
  private static final Set<String> LINE = Set.of("sku", "quantity");
  private static final Set<String> USER_ERROR = Set.of("field", "code", "message");
  private static final Set<String> INPUT = Set.of("lines", "channelId", "locationId", "ttlSeconds", "customerRef", "destination");
  private static final Set<String> LINE_INPUT = Set.of("sku", "quantity");

  private final ReservationService reservations;

  ReserveStockPlanner(ReservationService reservations) {
    this.reservations = reservations;
  }

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
    if (!payload.isObject() || !payload.only(PAYLOAD)) {
      return null;
    }
    for (Selected field : payload.fields()) {
      boolean renderable = field.name().equals("reservation") ? reservationRenderable(field) : leavesOf(field, USER_ERROR);
      if (!renderable) {
        return null;
      }
    }
    return (caller, input, idempotencyKey) -> execute(payload, caller, input, idempotencyKey);
  }

  private static boolean reservationRenderable(Selected reservation) {
    if (!reservation.isObject() || !reservation.only(RESERVATION)) {
      return false;
    }
    for (Selected field : reservation.fields()) {
      if (field.name().equals("lines") ? !leavesOf(field, LINE) : field.isObject()) {
        return false;
      }
    }
    return true;
  }

  /** An object field whose sub-fields are all leaves among {@code names}. */
  private static boolean leavesOf(Selected field, Set<String> names) {
    return field.isObject() && field.only(names) && field.fields().stream().noneMatch(Selected::isObject);
  }

  private Future<Map<String, Object>> execute(Selected payload, Principal caller, Object input, String idempotencyKey) {
    if (caller == null || caller.isStaff()) {
      return null;
    }
    ReserveRequest request = request(input);
    if (request == null) {
      return null;
    }
    IdempotencyKey idempotency = idempotencyKey == null ? null : new IdempotencyKey(caller.keyId(), idempotencyKey);
    return reservations.reserve(caller, request, idempotency).map(outcome -> render(payload, outcome));
  }

  /** The request, or null when the input is not in the plainest shape (graphql-java then coerces it). */
  @SuppressWarnings("unchecked")
  private static ReserveRequest request(Object input) {
    if (!(input instanceof Map<?, ?> raw) || !INPUT.containsAll(raw.keySet()) || raw.get("destination") != null
        || !(raw.get("lines") instanceof List<?> lineInputs) || lineInputs.size() > ReservationService.MAX_LINES) {
      return null;
    }
    Map<String, Object> values = (Map<String, Object>) raw;
    List<ReserveRequest.Line> lines = new ArrayList<>(lineInputs.size());
    for (Object lineInput : lineInputs) {
      if (!(lineInput instanceof Map<?, ?> line) || !LINE_INPUT.containsAll(line.keySet())
          || !(line.get("sku") instanceof String sku) || !(line.get("quantity") instanceof Integer quantity)) {
        return null;
      }
      lines.add(new ReserveRequest.Line(sku, quantity));
    }
    Object ttl = values.get("ttlSeconds");
    Object customerRef = values.get("customerRef");
    if ((ttl != null && !(ttl instanceof Integer)) || (customerRef != null && !(customerRef instanceof String))) {
      return null;
    }
    Long channelId;
    Long locationId;
    try {
      channelId = id(values.get("channelId"), "Channel");
      locationId = id(values.get("locationId"), "Location");
    } catch (ApiException | IllegalArgumentException badId) {
      return null;
    }
    return new ReserveRequest(lines, channelId, locationId, (Integer) ttl, (String) customerRef, null);
  }

  private static Long id(Object value, String type) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException("not a string ID");
    }
    return GlobalId.decode(text, type);
  }

  private static Map<String, Object> render(Selected payload, Outcome<Reservation> outcome) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Selected field : payload.fields()) {
      if (field.name().equals("reservation")) {
        out.put("reservation", outcome.value() == null ? null : reservation(field, outcome.value()));
      } else {
        List<Map<String, Object>> errors = new ArrayList<>(outcome.errors().size());
        outcome.errors().forEach(error -> errors.add(userError(field, error)));
        out.put("userErrors", errors);
      }
    }
    return out;
  }

  private static Map<String, Object> reservation(Selected selection, Reservation reservation) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Selected field : selection.fields()) {
      out.put(field.name(), switch (field.name()) {
        case "id" -> GlobalId.encode("Reservation", reservation.id());
        case "status" -> reservation.status().name();
        case "expiresAt" -> Scalars.formatDateTime(reservation.expiresAt());
        case "createdAt" -> Scalars.formatDateTime(reservation.createdAt());
        case "customerRef" -> reservation.customerRef();
        default -> lines(field, reservation.lines());
      });
    }
    return out;
  }

  private static List<Map<String, Object>> lines(Selected selection, List<ReservationLine> lines) {
    List<Map<String, Object>> out = new ArrayList<>(lines.size());
    for (ReservationLine line : lines) {
      Map<String, Object> rendered = new LinkedHashMap<>();
      for (Selected field : selection.fields()) {
        rendered.put(field.name(), field.name().equals("sku") ? line.sku() : line.quantity());
      }
      out.add(rendered);
    }
    return out;
  }

  private static Map<String, Object> userError(Selected selection, UserError error) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Selected field : selection.fields()) {
      out.put(field.name(), switch (field.name()) {
        case "field" -> error.field();
        case "code" -> error.code();
        default -> error.message();
      });
    }
    return out;
  }
}
