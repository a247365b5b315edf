package io.surge.orders.routing;

/**
 * One location the policy considered: its score (lower is better) and the facts behind it.
 * {@code distanceKm} is the distance the score used: measured when both ends have coordinates,
 * else the country/region estimate (the reason says which); null when the order has no
 * destination. {@code linesCovered} counts the lines it could fill completely on its own.
 * {@code reason} is one human-readable line. Immutable.
 */
public record Candidate(long locationId, String code, double score, Double distanceKm, boolean capacityFull,
    boolean pastCutoff, int linesCovered, String reason) {}
