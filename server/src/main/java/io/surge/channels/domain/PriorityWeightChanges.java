package io.surge.channels.domain;

/** Priority weights to set on a channel; null weights stay as they are (1.0 on a new channel). */
public record PriorityWeightChanges(Double value, Double tier, Double promise, Double speed) {}
