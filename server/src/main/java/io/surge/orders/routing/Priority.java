package io.surge.orders.routing;

/** An order's place in the shipping queue: higher ships first, and the components behind it. */
public record Priority(double score, String explanation) {}
