package io.surge.orders.domain;

public record ShipmentLine(int lineNo, String sku, String title, int quantity) {}
