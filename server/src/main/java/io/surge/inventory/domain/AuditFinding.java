package io.surge.inventory.domain;

/**
 * One disagreement an inventory audit found in a pool: which check, what was expected, what
 * was there.
 */
public record AuditFinding(String sku, long locationId, String check, long expected, long actual) {}
