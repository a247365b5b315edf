package io.surge.access.domain;

/**
 * The authenticated caller of one request: which key, its role and, for a CHANNEL key, the one
 * sales channel it may act for.
 *
 * @param channelId the channel a CHANNEL key is scoped to; null for ADMIN and STAFF
 */
public record Principal(long keyId, String keyName, Role role, Long channelId) {

  public boolean isStaff() {
    return role == Role.ADMIN || role == Role.STAFF;
  }

  /** How ledger rows, order history and audit entries name this caller: "key name (key 12)". */
  public String actorName() {
    return keyName + " (key " + keyId + ")";
  }

  /** Whether this caller may see or act on data of {@code channel}. */
  public boolean canActFor(long channel) {
    return isStaff() || (channelId != null && channelId == channel);
  }
}
