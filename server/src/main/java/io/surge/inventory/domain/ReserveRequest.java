package io.surge.inventory.domain;

import java.util.List;

/**
 * A request to reserve: lines by SKU, the channel (a CHANNEL key's own when left out), an
 * optional location (else the channel's, most available first or nearest to the destination),
 * how long, and for whom.
 */
public record ReserveRequest(List<Line> lines, Long channelId, Long locationId, Integer ttlSeconds,
    String customerRef, Destination destination) {

  /** Units of one SKU. */
  public record Line(String sku, int quantity) {}

  /** Where the goods will go, to prefer the nearest location. */
  public record Destination(double latitude, double longitude) {}
}
