package io.surge.orders.routing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Object Mother for routing inputs: German warehouses that are active, ship, have no capacity
 * limit and a 16:00 Berlin cut-off, a Berlin destination, and a Monday 09:00 Berlin "now".
 * Tests change only the facts they are about.
 */
final class RoutingMother {
  static final ZoneId BERLIN_TIME = ZoneId.of("Europe/Berlin");
  /** Monday 09:00 in Berlin: before every default cut-off. */
  static final Instant MONDAY_MORNING = Instant.parse("2025-03-10T08:00:00Z");
  /** Monday 17:00 in Berlin: after the default 16:00 cut-off. */
  static final Instant MONDAY_EVENING = Instant.parse("2025-03-10T16:00:00Z");

  private RoutingMother() {}

  static Destination berlin() {
    return new Destination(52.520, 13.405, "DE", "BE");
  }

  static LocationBuilder potsdam(long id) {
    return location(id, "POT-WH").at(52.391, 13.064).in("DE", "BB");
  }

  static LocationBuilder leipzig(long id) {
    return location(id, "LEI-WH").at(51.340, 12.370).in("DE", "SN");
  }

  static LocationBuilder hamburg(long id) {
    return location(id, "HAM-WH").at(53.551, 9.994).in("DE", "HH");
  }

  static LocationBuilder munich(long id) {
    return location(id, "MUC-WH").at(48.137, 11.575).in("DE", "BY");
  }

  static LocationBuilder location(long id, String code) {
    return new LocationBuilder(id, code);
  }

  /** Line {@code lineNo} of variant {@code variantId}, SKU DEMO-000{variantId}-M. */
  static RoutingLine line(int lineNo, long variantId, int quantity) {
    return new RoutingLine(lineNo, variantId, "DEMO-000" + variantId + "-M", quantity);
  }

  static RoutingRequest delivery(List<RoutingLine> lines, RoutingLocation... locations) {
    return new RoutingRequest(lines, berlin(), null, List.of(locations), MONDAY_MORNING);
  }

  static StockTable stock() {
    return new StockTable();
  }

  /** Availability from a table; anything not put is zero. */
  static final class StockTable implements Availability {
    private final Map<List<Long>, Integer> units = new HashMap<>();

    StockTable put(long variantId, long locationId, int available) {
      units.put(List.of(variantId, locationId), available);
      return this;
    }

    @Override
    public int available(long variantId, long locationId) {
      return units.getOrDefault(List.of(variantId, locationId), 0);
    }
  }

  /** A location with the mother's defaults; each method changes one fact. */
  static final class LocationBuilder {
    private final long id;
    private final String code;
    private Double latitude;
    private Double longitude;
    private String countryCode = "DE";
    private String region;
    private boolean ships = true;
    private boolean pickup;
    private boolean active = true;
    private Integer dailyCapacity;
    private int ordersToday;
    private LocalTime cutoff = LocalTime.of(16, 0);
    private ZoneId zone = BERLIN_TIME;
    private long shippingCostMinor = 490;

    private LocationBuilder(long id, String code) {
      this.id = id;
      this.code = code;
    }

    LocationBuilder at(double latitude, double longitude) {
      this.latitude = latitude;
      this.longitude = longitude;
      return this;
    }

    LocationBuilder noCoordinates() {
      this.latitude = null;
      this.longitude = null;
      return this;
    }

    LocationBuilder in(String countryCode, String region) {
      this.countryCode = countryCode;
      this.region = region;
      return this;
    }

    LocationBuilder store() {
      this.ships = false;
      this.pickup = true;
      return this;
    }

    LocationBuilder pickup() {
      this.pickup = true;
      return this;
    }

    LocationBuilder notShipping() {
      this.ships = false;
      return this;
    }

    LocationBuilder inactive() {
      this.active = false;
      return this;
    }

    LocationBuilder capacity(Integer dailyCapacity, int ordersToday) {
      this.dailyCapacity = dailyCapacity;
      this.ordersToday = ordersToday;
      return this;
    }

    LocationBuilder cutoff(LocalTime cutoff, ZoneId zone) {
      this.cutoff = cutoff;
      this.zone = zone;
      return this;
    }

    LocationBuilder cost(long shippingCostMinor) {
      this.shippingCostMinor = shippingCostMinor;
      return this;
    }

    RoutingLocation build() {
      return new RoutingLocation(id, code, latitude, longitude, countryCode, region, ships, pickup, active,
          dailyCapacity, ordersToday, cutoff, zone, shippingCostMinor);
    }
  }

  /** Copies, so a test can reorder locations without touching its fixture. */
  static List<RoutingLocation> reversed(List<RoutingLocation> locations) {
    List<RoutingLocation> copy = new ArrayList<>(locations);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
