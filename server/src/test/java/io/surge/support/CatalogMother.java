package io.surge.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Object Mother for catalogue and location inputs: valid by default, unique per call, so tests
 * sharing a node never collide. Tests change only the field they are about.
 */
public final class CatalogMother {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private CatalogMother() {}

  public static String unique(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
  }

  public static JsonObject variant(String sku) {
    return new JsonObject()
        .put("sku", sku)
        .put("title", "Size M")
        .put("selectedOptions", new JsonArray().add(new JsonObject().put("name", "Size").put("value", "M")))
        .put("price", new JsonObject().put("amount", "19.99").put("currencyCode", "EUR"))
        .put("weightGrams", 250);
  }

  public static JsonObject product(String title, JsonObject... variants) {
    JsonArray list = new JsonArray();
    for (JsonObject variant : variants) {
      list.add(variant);
    }
    return new JsonObject().put("title", title).put("variants", list);
  }

  public static JsonObject location(String code) {
    return new JsonObject()
        .put("code", code)
        .put("name", "Warehouse " + code)
        .put("kind", "WAREHOUSE")
        .put("address", new JsonObject().put("line1", "Dock 1").put("city", "Leipzig")
            .put("postalCode", "04109").put("countryCode", "DE"))
        .put("latitude", 51.34)
        .put("longitude", 12.37)
        .put("ships", true)
        .put("pickup", false);
  }

  public static JsonObject channel(String code, String... locationIds) {
    return new JsonObject().put("code", code).put("name", "Channel " + code)
        .put("currencyCode", "EUR").put("locationIds", new JsonArray(java.util.List.of((Object[]) locationIds)));
  }

  /** Variables map for a mutation taking one {@code input}. */
  public static Map<String, Object> input(JsonObject input) {
    return Map.of("input", input);
  }
}
