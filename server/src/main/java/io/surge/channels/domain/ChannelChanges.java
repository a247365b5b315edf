package io.surge.channels.domain;

import java.util.List;

/**
 * A channel to create, or the changes to one: null fields stay as they are (for updates), and
 * {@code locationIds}, when not null, replaces the channel's location list.
 */
public record ChannelChanges(String code, String name, String currencyCode, List<Long> locationIds,
    Boolean active, Integer reservationTtlDefaultSeconds, Integer reservationTtlMaxSeconds,
    Integer unpaidOrderTtlMinutes, PriorityWeightChanges priorityWeights) {}
