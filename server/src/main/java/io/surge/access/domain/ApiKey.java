package io.surge.access.domain;

import java.time.Instant;

/**
 * An API key as stored: never its secret, only a hash of it and a short prefix to recognise it.
 *
 * @param channelId the channel a CHANNEL key is scoped to; null otherwise
 */
public record ApiKey(long id, String name, Role role, Long channelId, String prefix,
    Instant createdAt, Instant revokedAt, Instant lastUsedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }

  public Principal principal() {
    return new Principal(id, name, role, channelId);
  }
}
