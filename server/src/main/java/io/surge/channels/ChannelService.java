package io.surge.channels;

import io.surge.access.domain.Principal;
import io.surge.channels.domain.Channel;
import io.surge.channels.domain.ChannelChanges;
import io.surge.channels.domain.PriorityWeightChanges;
import io.surge.channels.persistence.PgChannelRepository;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.surge.locations.persistence.PgLocationRepository;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creating, changing and finding sales channels. A CHANNEL key sees only its own channel.
 * Non-blocking; shared by all event loops.
 */
public final class ChannelService {
  /** A reservation may last a week at most, whatever a channel says. */
  static final int MAX_TTL_SECONDS = 7 * 24 * 3600;
  /** An unpaid order holds its stock for 30 days at most. */
  static final int MAX_UNPAID_ORDER_TTL_MINUTES = 30 * 24 * 60;
  /** Weights are relative; a hundredfold weight already lets one part decide alone. */
  static final double MAX_PRIORITY_WEIGHT = 100;

  private final PgChannelRepository channels;
  private final PgLocationRepository locations;

  public ChannelService(PgChannelRepository channels, PgLocationRepository locations) {
    this.channels = channels;
    this.locations = locations;
  }

  public Future<Outcome<Channel>> create(ChannelChanges channel) {
    Validation validation = new Validation()
        .code(channel.code(), 50, "input", "code")
        .text(channel.name(), 200, "input", "name");
    checkTtls(validation, channel.reservationTtlDefaultSeconds(), channel.reservationTtlMaxSeconds());
    checkOrderSettings(validation, channel);
    return checkLocations(validation, channel.locationIds()).compose(checked -> {
      if (checked.failed()) {
        return Future.succeededFuture(Outcome.<Channel>refused(checked.errors()));
      }
      return channels.insert(channel)
          .map(Outcome::ok)
          .recover(failure -> Rows.isUniqueViolation(failure, PgChannelRepository.CODE_TAKEN)
              ? Future.succeededFuture(Outcome.refused(
                  UserError.taken("a channel with this code exists", "input", "code")))
              : Future.failedFuture(failure));
    });
  }

  public Future<Outcome<Channel>> update(long id, ChannelChanges changes) {
    Validation validation = new Validation().optionalText(changes.name(), 200, "input", "name");
    checkTtls(validation, changes.reservationTtlDefaultSeconds(), changes.reservationTtlMaxSeconds());
    checkOrderSettings(validation, changes);
    return checkLocations(validation, changes.locationIds()).compose(checked -> {
      if (checked.failed()) {
        return Future.succeededFuture(Outcome.<Channel>refused(checked.errors()));
      }
      return channels.update(id, changes).map(updated -> updated.map(Outcome::ok)
          .orElseGet(() -> Outcome.refused(UserError.notFound("no such channel", "input", "id"))));
    });
  }

  /** The channel, if it exists and the caller may see it. */
  public Future<Optional<Channel>> find(Principal caller, long id) {
    if (!caller.canActFor(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return channels.findById(id);
  }

  public Future<Optional<Channel>> findByCode(Principal caller, String code) {
    return channels.findByCode(code)
        .map(found -> found.filter(channel -> caller.canActFor(channel.id())));
  }

  public Future<Page<Channel>> page(Principal caller, PageRequest request) {
    return channels.page(request, caller.isStaff() ? null : caller.channelId());
  }

  /** Reservation lifetimes are positive and the default is not above the maximum (when both are given). */
  private static void checkTtls(Validation validation, Integer ttlDefault, Integer ttlMax) {
    validation.check(ttlDefault == null || (ttlDefault > 0 && ttlDefault <= MAX_TTL_SECONDS), "INVALID",
        "must be between 1 and " + MAX_TTL_SECONDS, "input", "reservationTtlDefaultSeconds");
    validation.check(ttlMax == null || (ttlMax > 0 && ttlMax <= MAX_TTL_SECONDS), "INVALID",
        "must be between 1 and " + MAX_TTL_SECONDS, "input", "reservationTtlMaxSeconds");
    validation.check(ttlDefault == null || ttlMax == null || ttlDefault <= ttlMax, "INVALID",
        "the default may not exceed the maximum", "input", "reservationTtlDefaultSeconds");
  }

  /** The unpaid-order time is 1 minute to 30 days; each priority weight a number from 0 to 100. */
  private static void checkOrderSettings(Validation validation, ChannelChanges changes) {
    Integer unpaid = changes.unpaidOrderTtlMinutes();
    validation.check(unpaid == null || (unpaid > 0 && unpaid <= MAX_UNPAID_ORDER_TTL_MINUTES), "INVALID",
        "must be between 1 and " + MAX_UNPAID_ORDER_TTL_MINUTES, "input", "unpaidOrderTtlMinutes");
    PriorityWeightChanges weights = changes.priorityWeights();
    if (weights != null) {
      checkWeight(validation, weights.value(), "value");
      checkWeight(validation, weights.tier(), "tier");
      checkWeight(validation, weights.promise(), "promise");
      checkWeight(validation, weights.speed(), "speed");
    }
  }

  private static void checkWeight(Validation validation, Double weight, String name) {
    validation.check(weight == null || (weight >= 0 && weight <= MAX_PRIORITY_WEIGHT), "INVALID",
        "must be between 0 and " + (int) MAX_PRIORITY_WEIGHT, "input", "priorityWeights", name);
  }

  /** Location ids must be distinct and exist; errors name the list index. */
  private Future<Validation> checkLocations(Validation validation, List<Long> locationIds) {
    if (locationIds == null || locationIds.isEmpty()) {
      return Future.succeededFuture(validation);
    }
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < locationIds.size(); i++) {
      validation.check(seen.add(locationIds.get(i)), "INVALID", "location listed twice",
          "input", "locationIds", Integer.toString(i));
    }
    return locations.findByIds(seen).map(found -> {
      for (int i = 0; i < locationIds.size(); i++) {
        validation.check(found.containsKey(locationIds.get(i)), "NOT_FOUND", "no such location",
            "input", "locationIds", Integer.toString(i));
      }
      return validation;
    });
  }
}
