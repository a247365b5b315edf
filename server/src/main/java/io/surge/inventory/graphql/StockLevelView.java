package io.surge.inventory.graphql;

import io.surge.inventory.domain.StockLevel;

/** A stock level as the API shows it: with its SKU. */
public record StockLevelView(String sku, StockLevel level) {
  public int onHand() {
    return level.onHand();
  }

  public int allocated() {
    return level.allocated();
  }

  public int reserved() {
    return level.reserved();
  }

  public int safetyStock() {
    return level.safetyStock();
  }

  public int incoming() {
    return level.incoming();
  }

  public int available() {
    return level.available();
  }

  public long locationId() {
    return level.locationId();
  }
}
