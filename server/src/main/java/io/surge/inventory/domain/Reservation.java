package io.surge.inventory.domain;

import java.time.Instant;
import java.util.List;

/** Units held for a buyer for a while, all lines or none; the record is in PostgreSQL. */
public record Reservation(long id, long channelId, String customerRef, ReservationStatus status,
    Instant expiresAt, Instant createdAt, List<ReservationLine> lines) {

  public Reservation withStatus(ReservationStatus newStatus) {
    return new Reservation(id, channelId, customerRef, newStatus, expiresAt, createdAt, lines);
  }

  public Reservation withExpiry(Instant newExpiry) {
    return new Reservation(id, channelId, customerRef, status, newExpiry, createdAt, lines);
  }
}
