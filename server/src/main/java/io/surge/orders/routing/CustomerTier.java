package io.surge.orders.routing;

/** A customer's standing, lowest first; a higher tier ships sooner (see {@link PriorityScore}). */
public enum CustomerTier { STANDARD, SILVER, GOLD, VIP }
