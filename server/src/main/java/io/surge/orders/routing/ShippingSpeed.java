package io.surge.orders.routing;

/** The delivery speed paid for, slowest first; a faster one ships sooner (see {@link PriorityScore}). */
public enum ShippingSpeed { STANDARD, EXPRESS, NEXT_DAY, SAME_DAY }
