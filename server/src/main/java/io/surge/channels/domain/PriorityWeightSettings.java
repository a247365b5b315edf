package io.surge.channels.domain;

/**
 * How much each part of an order's priority counts on a channel: order value, customer tier,
 * promised date and shipping speed (the orders domain scores with them). Immutable.
 */
public record PriorityWeightSettings(double value, double tier, double promise, double speed) {}
