package io.surge.access.domain;

/** What an API key may do. ADMIN may do all that STAFF may; CHANNEL acts for one sales channel. */
public enum Role {
  ADMIN,
  STAFF,
  CHANNEL
}
