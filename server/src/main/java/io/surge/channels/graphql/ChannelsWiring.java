package io.surge.channels.graphql;

import io.surge.channels.ChannelService;
import io.surge.channels.domain.Channel;
import io.surge.channels.domain.ChannelChanges;
import io.surge.channels.domain.PriorityWeightChanges;
import io.surge.channels.domain.PriorityWeightSettings;
import io.surge.channels.persistence.PgChannelRepository;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.Input;
import io.surge.graphql.Loaders;
import io.surge.graphql.PageRequest;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import io.surge.locations.domain.Location;
import io.surge.locations.persistence.PgLocationRepository;
import java.util.List;
import io.surge.graphql.LoaderFactories;

/** Wires {@code channels.graphqls}. */
public final class ChannelsWiring implements DomainWiring {
  /** Loads a channel by numeric id; other domains resolve their {@code channel} fields with it. */
  public static final String CHANNEL_BY_ID = "channelById";
  private static final String LOCATIONS_BY_CHANNEL = "locationsByChannel";

  private final ChannelService service;
  private final PgChannelRepository channels;
  private final PgLocationRepository locations;

  public ChannelsWiring(ChannelService service, PgChannelRepository channels,
      PgLocationRepository locations) {
    this.service = service;
    this.channels = channels;
    this.locations = locations;
  }

  /** The payload of channel mutations. */
  public record ChannelPayload(Channel channel, List<UserError> userErrors) {
    static ChannelPayload of(Outcome<Channel> outcome) {
      return new ChannelPayload(outcome.value(), outcome.errors());
    }
  }

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.node("Channel", Channel.class, Channel::id,
            (context, id) -> service.find(context.requirePrincipal(), id).map(found -> found.orElse(null)))
        .source("ChannelConnection", Connection.class)
        .source("ChannelEdge", Connection.Edge.class)
        .source("ChannelPayload", ChannelPayload.class)
        .source("PriorityWeights", PriorityWeightSettings.class)
        .field("Channel", "locations", env -> RequestContext.of(env)
            .<Long, List<Location>>loader(LOCATIONS_BY_CHANNEL)
            .load(((Channel) env.getSource()).id()))
        .query("channels", AsyncFetcher.of(env -> service
            .page(RequestContext.of(env).requirePrincipal(), PageRequest.from(env))
            .map(Connection::of)))
        .query("channel", AsyncFetcher.of(env -> {
          var caller = RequestContext.of(env).requirePrincipal();
          Input args = new Input(env.getArguments());
          Long id = args.id("id", "Channel");
          String code = args.string("code");
          if ((id == null) == (code == null)) {
            throw ApiException.badInput("give exactly one of id and code");
          }
          return (id != null ? service.find(caller, id) : service.findByCode(caller, code))
              .map(found -> found.orElse(null));
        }))
        .mutation("createChannel", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          List<Long> locationIds = input.ids("locationIds", "Location");
          return service.create(new ChannelChanges(input.string("code"), input.string("name"),
                  input.string("currencyCode"), locationIds == null ? List.of() : locationIds, null,
                  input.integer("reservationTtlDefaultSeconds"), input.integer("reservationTtlMaxSeconds"),
                  input.integer("unpaidOrderTtlMinutes"), weights(input.object("priorityWeights"))))
              .map(ChannelPayload::of);
        }))
        .mutation("updateChannel", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          long id = input.id("id", "Channel");
          return service.update(id, new ChannelChanges(null, input.string("name"),
                  input.string("currencyCode"), input.ids("locationIds", "Location"),
                  input.bool("active"), input.integer("reservationTtlDefaultSeconds"),
                  input.integer("reservationTtlMaxSeconds"), input.integer("unpaidOrderTtlMinutes"),
                  weights(input.object("priorityWeights"))))
              .map(ChannelPayload::of);
        }));
  }

  private static PriorityWeightChanges weights(Input weights) {
    return weights == null ? null : new PriorityWeightChanges(weights.decimal("value"), weights.decimal("tier"),
        weights.decimal("promise"), weights.decimal("speed"));
  }

  @Override
  public void loaders(LoaderFactories factories) {
    factories.register(CHANNEL_BY_ID, () -> Loaders.toOne(channels::findByIds));
    factories.register(LOCATIONS_BY_CHANNEL, () -> Loaders.toMany(locations::findByChannels));
  }
}
