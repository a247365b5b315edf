package io.surge.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.surge.access.domain.ApiKeySecret;
import io.surge.access.domain.Principal;
import io.surge.access.persistence.PgApiKeyRepository;
import io.surge.graphql.ApiException;
import io.surge.graphql.ErrorCode;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Turns an {@code Authorization: Bearer <key>} header into a {@link Principal}. Valid keys are
 * cached for a few seconds so the hot path does not read PostgreSQL per request; a revocation on
 * this node takes effect at once, on other nodes within {@link #CACHE_TTL}. Thread-safe.
 */
public final class ApiKeyAuthenticator {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final String BEARER = "Bearer ";

  private final PgApiKeyRepository keys;
  private final Cache<String, Principal> valid = Caffeine.newBuilder()
      .expireAfterWrite(CACHE_TTL)
      .maximumSize(10_000)
      .build();

  public ApiKeyAuthenticator(PgApiKeyRepository keys) {
    this.keys = keys;
  }

  /** The caller; {@code null} when no header was sent; UNAUTHENTICATED for a bad or revoked key. */
  public Future<Principal> authenticate(String header) {
    if (header == null || header.isBlank()) {
      return Future.succeededFuture(null);
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Future.failedFuture(unauthenticated("the Authorization header must be 'Bearer <key>'"));
    }
    String secret = header.substring(BEARER.length()).trim();
    if (!ApiKeySecret.plausible(secret)) {
      return Future.failedFuture(unauthenticated("invalid API key"));
    }
    // Keyed by the secret itself: hashing it on every request of a storm cost more than the
    // lookup (the secret is in this request's memory anyway, and entries live seconds).
    Principal cached = valid.getIfPresent(secret);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    byte[] hash = ApiKeySecret.hash(secret);
    return keys.findByHash(hash).map(found -> {
      if (found.isEmpty() || !ApiKeySecret.sameHash(hash, found.get().hash())) {
        throw unauthenticated("invalid API key");
      }
      if (found.get().key().revoked()) {
        throw unauthenticated("this API key has been revoked");
      }
      Principal principal = found.get().key().principal();
      valid.put(secret, principal);
      // Best effort: last use is informative, a failed update must not fail the request.
      keys.touch(principal.keyId());
      return principal;
    });
  }

  /** Forgets every cached key, e.g. after a revocation. */
  public void forgetAll() {
    valid.invalidateAll();
  }

  private static ApiException unauthenticated(String message) {
    return new ApiException(ErrorCode.UNAUTHENTICATED, message);
  }
}
