package io.surge.locations.graphql;

import io.surge.common.Address;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.Input;
import io.surge.graphql.Loaders;
import io.surge.graphql.PageRequest;
import io.surge.graphql.SchemaWiring;
import io.surge.locations.LocationService;
import io.surge.locations.domain.Location;
import io.surge.locations.domain.LocationChanges;
import io.surge.locations.domain.LocationKind;
import io.surge.locations.persistence.PgLocationRepository;
import io.surge.graphql.LoaderFactories;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Wires {@code locations.graphqls}. */
public final class LocationsWiring implements DomainWiring {
  /** Loads a location by numeric id; other domains resolve their {@code location} fields with it. */
  public static final String LOCATION_BY_ID = "locationById";

  private static final DateTimeFormatter HOURS_AND_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

  private final LocationService service;
  private final PgLocationRepository locations;

  public LocationsWiring(LocationService service, PgLocationRepository locations) {
    this.service = service;
    this.locations = locations;
  }

  /** The payload of location mutations. */
  public record LocationPayload(Location location, List<UserError> userErrors) {
    static LocationPayload of(Outcome<Location> outcome) {
      return new LocationPayload(outcome.value(), outcome.errors());
    }
  }

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.node("Location", Location.class, Location::id,
            (context, id) -> service.find(id).map(found -> found.orElse(null)))
        .source("Address", Address.class)
        .source("LocationConnection", Connection.class)
        .source("LocationEdge", Connection.Edge.class)
        .source("LocationPayload", LocationPayload.class)
        .field("Location", "cutoffTime", env -> {
          LocalTime cutoff = ((Location) env.getSource()).cutoffTime();
          return cutoff == null ? null : HOURS_AND_MINUTES.format(cutoff);
        })
        .query("locations", AsyncFetcher.of(env -> service.page(PageRequest.from(env)).map(Connection::of)))
        .query("location", AsyncFetcher.of(env -> {
          Input args = new Input(env.getArguments());
          Long id = args.id("id", "Location");
          String code = args.string("code");
          if ((id == null) == (code == null)) {
            throw ApiException.badInput("give exactly one of id and code");
          }
          return (id != null ? service.find(id) : service.findByCode(code)).map(found -> found.orElse(null));
        }))
        .mutation("createLocation", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.create(new LocationChanges(input.string("code"), input.string("name"),
                  LocationKind.valueOf(input.string("kind")),
                  Address.fromInput(input.object("address").raw()),
                  input.decimal("latitude"), input.decimal("longitude"),
                  input.bool("ships"), input.bool("pickup"), null,
                  input.integer("dailyCapacity"), false, input.string("cutoffTime"), false,
                  input.string("timeZone"), input.amount("shippingCost")))
              .map(LocationPayload::of);
        }))
        .mutation("updateLocation", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          long id = input.id("id", "Location");
          Input address = input.object("address");
          String kind = input.string("kind");
          return service.update(id, new LocationChanges(null, input.string("name"),
                  kind == null ? null : LocationKind.valueOf(kind),
                  address == null ? null : Address.fromInput(address.raw()),
                  input.decimal("latitude"), input.decimal("longitude"),
                  input.bool("ships"), input.bool("pickup"), input.bool("active"),
                  input.integer("dailyCapacity"), cleared(input, "dailyCapacity"),
                  input.string("cutoffTime"), cleared(input, "cutoffTime"),
                  input.string("timeZone"), input.amount("shippingCost")))
              .map(LocationPayload::of);
        }));
  }

  /** Given as null, which for an update means "remove", unlike a field left out. */
  private static boolean cleared(Input input, String field) {
    return input.has(field) && input.raw().get(field) == null;
  }

  @Override
  public void loaders(LoaderFactories factories) {
    factories.register(LOCATION_BY_ID, () -> Loaders.toOne(locations::findByIds));
  }
}
