package io.surge.locations.domain;

import io.surge.common.Address;
import java.math.BigDecimal;

/**
 * A location to create, or changes to one: null fields stay as they are. {@code dailyCapacity}
 * and {@code cutoffTime} may also be removed (unlimited, no cut-off): {@code clearDailyCapacity}
 * and {@code clearCutoffTime} say so. {@code cutoffTime} is {@code HH:mm} as the client gave it,
 * {@code shippingCost} an amount with at most {@link Location#COST_DECIMALS} decimals; the
 * service checks both before anything is stored.
 */
public record LocationChanges(String code, String name, LocationKind kind, Address address,
    Double latitude, Double longitude, Boolean ships, Boolean pickup, Boolean active,
    Integer dailyCapacity, boolean clearDailyCapacity, String cutoffTime, boolean clearCutoffTime,
    String timeZone, BigDecimal shippingCost) {}
