package io.surge.graphql;

import io.surge.access.domain.Principal;
import io.surge.app.EdgeLimitsConfig;
import io.surge.app.EdgeLimitsConfig.Rate;
import io.surge.infra.metrics.EdgeMetrics;
import io.surge.infra.redis.RedisRateLimiter;
import io.vertx.core.Future;

/**
 * Which bucket a request draws from: its API key's (sized by role, and for a CHANNEL key by its
 * channel when configured), or its client address's when it sends no key. Fails the request with
 * 429 RATE_LIMITED and the seconds until a token when the bucket is empty. Thread-safe.
 */
public final class RateLimitPolicy {
  private final EdgeLimitsConfig config;
  private final RedisRateLimiter limiter;
  private final EdgeMetrics metrics;

  public RateLimitPolicy(EdgeLimitsConfig config, RedisRateLimiter limiter, EdgeMetrics metrics) {
    this.config = config;
    this.limiter = limiter;
    this.metrics = metrics;
  }

  /** Succeeds when the caller may go on; {@code principal} is null for a request without a key. */
  public Future<Void> check(Principal principal, String clientAddress) {
    if (!config.rateLimits()) {
      return Future.succeededFuture();
    }
    Rate rate;
    String kind;
    String id;
    if (principal == null) {
      rate = config.anonymous();
      kind = "addr";
      id = clientAddress == null ? "unknown" : clientAddress;
    } else {
      rate = switch (principal.role()) {
        case ADMIN -> config.admin();
        case STAFF -> config.staff();
        case CHANNEL -> config.channelRate(principal.channelId());
      };
      kind = "key";
      id = Long.toString(principal.keyId());
    }
    return limiter.take(kind, id, rate.perSecond(), rate.burst()).compose(decision -> {
      if (decision.allowed()) {
        return Future.succeededFuture();
      }
      metrics.refusedRateLimited();
      return Future.failedFuture(ApiException.rateLimited((decision.retryAfterMillis() + 999) / 1000));
    });
  }
}
