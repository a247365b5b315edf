package io.surge.orders.domain;

/** The customer as the order holds them (a snapshot), and their tier for priority. */
public record CustomerInfo(String email, String name, String phone, String tier) {}
