package io.surge.channels.domain;

/** Priority weights to set on a channel; null weights stay as they are (a new channel starts with PriorityWeights.defaults(): 1, 1, 6, 2). */
public record PriorityWeightChanges(Double value, Double tier, Double promise, Double speed) {}
