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
import java.util.Optional;

/** Creating, changing and finding locations. Non-blocking; shared by all event loops. */
public final class LocationService {
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
}
