package io.surge.orders.graphql;

import io.surge.orders.domain.HistoryEntry;
import io.surge.orders.domain.Order;
import io.surge.orders.domain.OrderStatus;
import io.surge.orders.domain.Shipment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Read-only shapes of the API that are not domain records: the stored routing decision, tracking. */
final class OrderViews {
  private OrderViews() {}

  record RoutingView(boolean routed, List<String> reasons, List<CandidateView> candidates,
      List<AllocationView> allocations) {}

  record CandidateView(long locationId, double score, Double distanceKm, boolean capacityFull, boolean pastCutoff,
      int linesCovered, String reason) {}

  record AllocationView(int lineNo, long locationId, int quantity) {}

  /** The routing decision as the placement stored it (see OrderPlacement#routingJson). */
  static RoutingView routing(JsonObject json) {
    if (json == null) {
      return null;
    }
    List<String> reasons = new ArrayList<>();
    json.getJsonArray("reasons", new JsonArray()).forEach(reason -> reasons.add(String.valueOf(reason)));
    List<CandidateView> candidates = new ArrayList<>();
    for (Object item : json.getJsonArray("candidates", new JsonArray())) {
      JsonObject c = (JsonObject) item;
      Number distance = (Number) c.getValue("distanceKm");
      candidates.add(new CandidateView(c.getLong("locationId"), c.getDouble("score", 0.0),
          distance == null ? null : distance.doubleValue(), c.getBoolean("capacityFull", false),
          c.getBoolean("pastCutoff", false), c.getInteger("linesCovered", 0), c.getString("reason", "")));
    }
    List<AllocationView> allocations = new ArrayList<>();
    for (Object item : json.getJsonArray("allocations", new JsonArray())) {
      JsonObject a = (JsonObject) item;
      allocations.add(new AllocationView(a.getInteger("lineNo"), a.getLong("locationId"), a.getInteger("quantity")));
    }
    return new RoutingView(json.getBoolean("routed", false), reasons, candidates, allocations);
  }

  record TrackingView(String number, OrderStatus status, Instant placedAt, List<TrackingEvent> timeline,
      List<TrackedShipment> shipments) {}

  record TrackingEvent(OrderStatus status, Instant at) {}

  record TrackedShipment(String carrier, String service, String trackingNumber, String status, Instant shippedAt,
      Instant deliveredAt, List<TrackedItem> items) {}

  record TrackedItem(String sku, String title, int quantity) {}

  /** What a customer may see of their order: status, timeline and shipments; no prices, no staff notes. */
  static TrackingView tracking(Order order, List<HistoryEntry> history, List<Shipment> shipments) {
    List<TrackingEvent> timeline = history.stream().map(entry -> new TrackingEvent(entry.to(), entry.at())).toList();
    List<TrackedShipment> tracked = shipments.stream().map(shipment -> new TrackedShipment(shipment.carrier(),
        shipment.service(), shipment.trackingNumber(), shipment.status(), shipment.shippedAt(), shipment.deliveredAt(),
        shipment.lines().stream().map(line -> new TrackedItem(line.sku(), line.title(), line.quantity())).toList()))
        .toList();
    return new TrackingView(order.number(), order.status(), order.placedAt(), timeline, tracked);
  }
}
