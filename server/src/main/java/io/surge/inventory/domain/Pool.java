package io.surge.inventory.domain;

/**
 * A stock pool: one variant at one location. Its {@link #key()} packs both ids into one long, the
 * hot store's key: variant ids up to 2^43, location ids up to 2^20.
 */
public record Pool(long variantId, long locationId) {
  private static final int LOCATION_BITS = 20;
  private static final long LOCATION_MASK = (1L << LOCATION_BITS) - 1;

  public Pool {
    if (locationId < 0 || locationId > LOCATION_MASK || variantId < 0 || variantId >= (1L << 43)) {
      throw new IllegalArgumentException("pool ids out of range: " + variantId + "/" + locationId);
    }
  }

  public long key() {
    return (variantId << LOCATION_BITS) | locationId;
  }

  public static Pool ofKey(long key) {
    return new Pool(key >>> LOCATION_BITS, key & LOCATION_MASK);
  }
}
