package io.surge.customers.domain;

/**
 * A customer, known by e-mail (case-insensitively): contact details from their first order and
 * a tier, {@code STANDARD}, {@code SILVER}, {@code GOLD} or {@code VIP}, that raises their
 * orders' priority.
 */
public record Customer(String email, String name, String phone, String tier) {}
