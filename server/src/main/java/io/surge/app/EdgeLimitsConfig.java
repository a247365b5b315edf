package io.surge.app;

import java.util.HashMap;
import java.util.Map;

/**
 * Overload protection and rate limits at the HTTP edge, read from {@code SURGE_*} variables.
 * Immutable; safe to share between threads.
 *
 * @param maxInFlightPerLoop GraphQL requests over HTTP one event loop runs at once; past it a
 *     request is refused at once with 503 OVERLOADED
 * @param rateLimits whether the Redis token buckets are checked at all
 * @param admin bucket of each ADMIN key
 * @param staff bucket of each STAFF key
 * @param channel bucket of each CHANNEL key, unless {@code channels} names its channel
 * @param anonymous bucket of each client address sending no key
 * @param channels per channel id: the bucket of CHANNEL keys of that channel
 * @param redisTimeoutMillis how long a rate-limit check may wait for Redis before the request is
 *     let through (fail open)
 */
public record EdgeLimitsConfig(
    int maxInFlightPerLoop,
    boolean rateLimits,
    Rate admin,
    Rate staff,
    Rate channel,
    Rate anonymous,
    Map<Long, Rate> channels,
    long redisTimeoutMillis) {

  public EdgeLimitsConfig {
    channels = Map.copyOf(channels);
    if (maxInFlightPerLoop < 1 || redisTimeoutMillis < 1) {
      throw new IllegalArgumentException("edge limits must be positive");
    }
  }

  /**
   * A token bucket: {@code perSecond} tokens added each second, at most {@code burst} kept.
   * Written {@code <perSecond>/<burst>} in the environment, e.g. {@code 50/100}.
   */
  public record Rate(double perSecond, int burst) {
    public Rate {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("a rate needs a positive rate and burst, got " + perSecond + "/" + burst);
      }
    }

    static Rate parse(String name, String text) {
      String[] parts = text.trim().split("/");
      try {
        double perSecond = Double.parseDouble(parts[0].trim());
        int burst = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : (int) Math.ceil(perSecond);
        if (parts.length > 2) {
          throw new NumberFormatException();
        }
        return new Rate(perSecond, burst);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(name + " must be '<per second>/<burst>', got '" + text + "'");
      }
    }
  }

  /**
   * Keys' defaults far above what a node answers (they stop a runaway client, not a flash sale: a
   * storefront sends every shopper through one CHANNEL key, and 20k/s refused a fifth of a
   * single-key reservation storm), so only the anonymous bucket bites in normal use.
   */
  public static EdgeLimitsConfig defaults() {
    return new EdgeLimitsConfig(256, true,
        new Rate(100_000, 200_000),
        new Rate(100_000, 200_000),
        new Rate(100_000, 200_000),
        new Rate(50, 100),
        Map.of(),
        50);
  }

  public static EdgeLimitsConfig fromEnv(Map<String, String> env) {
    var defaults = defaults();
    return new EdgeLimitsConfig(
        intValue(env, "SURGE_MAX_IN_FLIGHT", defaults.maxInFlightPerLoop()),
        Boolean.parseBoolean(env.getOrDefault("SURGE_RATE_LIMITS", "true").trim()),
        rate(env, "SURGE_RATE_LIMIT_ADMIN", defaults.admin()),
        rate(env, "SURGE_RATE_LIMIT_STAFF", defaults.staff()),
        rate(env, "SURGE_RATE_LIMIT_CHANNEL", defaults.channel()),
        rate(env, "SURGE_RATE_LIMIT_ANONYMOUS", defaults.anonymous()),
        channelRates(env.get("SURGE_RATE_LIMIT_CHANNELS")),
        intValue(env, "SURGE_RATE_LIMIT_REDIS_TIMEOUT_MS", (int) defaults.redisTimeoutMillis()));
  }

  /** The bucket of a CHANNEL key acting for {@code channelId}. */
  public Rate channelRate(Long channelId) {
    Rate own = channelId == null ? null : channels.get(channelId);
    return own == null ? channel : own;
  }

  public EdgeLimitsConfig withMaxInFlightPerLoop(int limit) {
    return new EdgeLimitsConfig(limit, rateLimits, admin, staff, channel, anonymous, channels,
        redisTimeoutMillis);
  }

  public EdgeLimitsConfig withRateLimits(boolean enabled) {
    return new EdgeLimitsConfig(maxInFlightPerLoop, enabled, admin, staff, channel, anonymous,
        channels, redisTimeoutMillis);
  }

  /** A copy with other buckets per role ({@code channels} keeps the per-channel overrides). */
  public EdgeLimitsConfig withRates(Rate newAdmin, Rate newStaff, Rate newChannel, Rate newAnonymous,
      Map<Long, Rate> newChannels) {
    return new EdgeLimitsConfig(maxInFlightPerLoop, rateLimits, newAdmin, newStaff, newChannel,
        newAnonymous, newChannels, redisTimeoutMillis);
  }

  /** {@code 7=500/1000,9=50/50}: channel id, then its rate. */
  private static Map<Long, Rate> channelRates(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Map<Long, Rate> rates = new HashMap<>();
    for (String entry : text.split(",")) {
      String[] parts = entry.split("=", 2);
      try {
        rates.put(Long.parseLong(parts[0].trim()), Rate.parse("SURGE_RATE_LIMIT_CHANNELS", parts[1]));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "SURGE_RATE_LIMIT_CHANNELS must be '<channel id>=<per second>/<burst>,...', got '" + text + "'");
      }
    }
    return rates;
  }

  private static Rate rate(Map<String, String> env, String name, Rate fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : Rate.parse(name, value);
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    return SurgeConfig.intValue(env, name, fallback);
  }
}
