package io.surge.audit.domain;

import java.time.Instant;

/**
 * Which audit entries to list; every part is optional (null matches all).
 *
 * @param after entries at or after this instant
 * @param before entries strictly before this instant
 */
public record AuditFilter(Long keyId, String mutation, Instant after, Instant before) {
  public static final AuditFilter NONE = new AuditFilter(null, null, null, null);
}
