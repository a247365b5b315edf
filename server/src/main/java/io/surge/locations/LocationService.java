package io.surge.locations;

import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.surge.locations.domain.Location;
import io.surge.locations.domain.LocationChanges;
import io.surge.locations.persistence.PgLocationRepository;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Creating, changing and finding locations. Non-blocking; shared by all event loops. */
public final class LocationService {
  private static final Pattern HOURS_AND_MINUTES = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  /** The zone ids of the JVM's tz database, read once (the JDK builds a new set per call). */
  private static final Set<String> TIME_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());
  /** A shipment costing more than this is a typing error, not an estimate. */
  private static final BigDecimal MAX_SHIPPING_COST = new BigDecimal("1000000");

  private final PgLocationRepository locations;

  public LocationService(PgLocationRepository locations) {
    this.locations = locations;
  }

  public Future<Outcome<Location>> create(LocationChanges location) {
    Validation validation = new Validation()
        .code(location.code(), 50, "input", "code")
        .text(location.name(), 200, "input", "name");
    location.address().validate(validation, "input", "address");
    checkCoordinates(validation, location.latitude(), location.longitude());
    checkRouting(validation, location);
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return locations.insert(location)
        .map(Outcome::ok)
        .recover(failure -> Rows.isUniqueViolation(failure, PgLocationRepository.CODE_TAKEN)
            ? Future.succeededFuture(Outcome.refused(
                UserError.taken("a location with this code exists", "input", "code")))
            : Future.failedFuture(failure));
  }

  public Future<Outcome<Location>> update(long id, LocationChanges changes) {
    Validation validation = new Validation().optionalText(changes.name(), 200, "input", "name");
    if (changes.address() != null) {
      changes.address().validate(validation, "input", "address");
    }
    checkCoordinates(validation, changes.latitude(), changes.longitude());
    checkRouting(validation, changes);
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return locations.update(id, changes).map(updated -> updated.map(Outcome::ok)
        .orElseGet(() -> Outcome.refused(UserError.notFound("no such location", "input", "id"))));
  }

  public Future<Optional<Location>> find(long id) {
    return locations.findById(id);
  }

  public Future<Optional<Location>> findByCode(String code) {
    return locations.findByCode(code);
  }

  public Future<Page<Location>> page(PageRequest request) {
    return locations.page(request);
  }

  /** Latitude and longitude come in pairs and within range; an update may change neither. */
  private static void checkCoordinates(Validation validation, Double latitude, Double longitude) {
    boolean one = (latitude == null) != (longitude == null);
    validation.check(!one, "INVALID", "give latitude and longitude together",
        "input", latitude == null ? "latitude" : "longitude");
    validation.check(latitude == null || (latitude >= -90 && latitude <= 90), "INVALID",
        "latitude must be between -90 and 90", "input", "latitude");
    validation.check(longitude == null || (longitude >= -180 && longitude <= 180), "INVALID",
        "longitude must be between -180 and 180", "input", "longitude");
  }

  /**
   * The routing facts: a capacity of at least one order, a cut-off as {@code HH:mm}, a time zone
   * of the IANA database, a cost that is not negative and has at most two decimals.
   */
  private static void checkRouting(Validation validation, LocationChanges changes) {
    Integer capacity = changes.dailyCapacity();
    validation.check(capacity == null || capacity > 0, "INVALID",
        "must be at least 1 (leave it out, or null, for no limit)", "input", "dailyCapacity");
    String cutoff = changes.cutoffTime();
    validation.check(cutoff == null || HOURS_AND_MINUTES.matcher(cutoff).matches(), "INVALID",
        "must be a local time as HH:mm, e.g. 16:30", "input", "cutoffTime");
    String zone = changes.timeZone();
    validation.check(zone == null || TIME_ZONES.contains(zone), "INVALID",
        "must be an IANA time zone, e.g. Europe/Berlin", "input", "timeZone");
    BigDecimal cost = changes.shippingCost();
    validation.check(cost == null || (cost.signum() >= 0 && cost.compareTo(MAX_SHIPPING_COST) <= 0
            && cost.stripTrailingZeros().scale() <= Location.COST_DECIMALS), "INVALID",
        "must be between 0 and " + MAX_SHIPPING_COST.toPlainString() + " with at most "
            + Location.COST_DECIMALS + " decimals", "input", "shippingCost");
  }
}
