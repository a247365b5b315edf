package io.surge.inventory.domain;

import java.util.List;

/**
 * What the reservation path needs of a sales channel: the locations it sells from (in its order)
 * and how long its reservations last.
 */
public record ChannelStock(long id, boolean active, int ttlDefaultSeconds, int ttlMaxSeconds,
    List<StockLocation> locations) {

  /** A location of the channel, with coordinates when known (for nearest-first choice). */
  public record StockLocation(long id, Double latitude, Double longitude, boolean ships, boolean active) {}

  public boolean serves(long locationId) {
    return locations.stream().anyMatch(location -> location.id() == locationId);
  }
}
