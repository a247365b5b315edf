package io.surge.inventory.domain;

/** Units of one variant held at one location by a reservation. */
public record ReservationLine(int lineNo, long variantId, String sku, long locationId, int quantity) {

  public Pool pool() {
    return new Pool(variantId, locationId);
  }
}
