package io.surge.inventory.domain;

import io.surge.inventory.domain.ChannelStock.StockLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongToIntFunction;

/**
 * The order in which a channel's locations are tried for a line: nearest first when the
 * destination is known (locations without coordinates last), else most available first. Pure.
 */
public final class LocationChoice {
  private static final double EARTH_RADIUS_KM = 6371.0;

  private LocationChoice() {}

  public static List<Long> candidates(ChannelStock channel, ReserveRequest.Destination destination,
      LongToIntFunction availableAt) {
    List<StockLocation> usable = new ArrayList<>();
    for (StockLocation location : channel.locations()) {
      if (location.active() && location.ships()) {
        usable.add(location);
      }
    }
    Comparator<StockLocation> order;
    if (destination != null) {
      order = Comparator.comparingDouble(location -> location.latitude() == null
          ? Double.MAX_VALUE
          : distanceKm(destination.latitude(), destination.longitude(), location.latitude(), location.longitude()));
    } else {
      order = Comparator.comparingInt((StockLocation location) -> availableAt.applyAsInt(location.id())).reversed();
    }
    usable.sort(order);
    return usable.stream().map(StockLocation::id).toList();
  }

  /** Great-circle distance (haversine). */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }
}
