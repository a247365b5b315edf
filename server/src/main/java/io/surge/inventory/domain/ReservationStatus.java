package io.surge.inventory.domain;

/** Where a reservation is in its life: active until released, expired or turned into an order. */
public enum ReservationStatus {
  ACTIVE,
  RELEASED,
  EXPIRED,
  CONVERTED
}
