package io.surge.locations.domain;

/** What kind of place a location is. */
public enum LocationKind {
  WAREHOUSE,
  STORE,
  DROPSHIP
}
