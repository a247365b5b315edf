package io.surge.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Writing a large order page as JSON: the result of the staff query
 * {@code orders(first: N) { ... customer lines fulfillmentOrders shipments ... }}, as graphql-java
 * hands it to the HTTP handler (nested maps and lists, in selection order), for N = 10 and 100
 * orders of 3 lines, one fulfilment order and one shipment each. {@code vertxJson} is what the
 * server does ({@code Json.encodeToBuffer}, Vert.x's Jackson codec walking the maps);
 * {@code jacksonStreaming}, the baseline, walks the same maps with a bare Jackson generator into
 * a byte array, so the difference is the codec's own cost. Pure CPU on the JMH thread.
 */
@State(Scope.Benchmark)
public class OrderPageJsonBenchmark extends BenchmarkBase {
  private static final JsonFactory JACKSON = new JsonFactory();

  @Param({"10", "100"})
  public int orders;

  private Map<String, Object> page;

  @Setup(Level.Trial)
  public void setUp() {
    List<Object> edges = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      edges.add(Map.of("node", order(i)));
    }
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("totalCount", 85_000);
    connection.put("pageInfo", map("hasNextPage", true, "endCursor", "b3JkZXI6OTk5OQ"));
    connection.put("edges", edges);
    page = Map.of("data", Map.of("orders", connection));
  }

  private static Map<String, Object> order(int i) {
    List<Object> lines = new ArrayList<>();
    for (int line = 1; line <= 3; line++) {
      lines.add(map("lineNo", line, "sku", "DEMO-0" + (100 + line) + "-M", "title", "Demo product " + line + " - Size M",
          "quantityOrdered", 2, "quantityAllocated", 1, "quantityShipped", 1, "quantityCancelled", 0,
          "unitPrice", map("amount", "19.99", "currencyCode", "EUR"), "total", map("amount", "47.58", "currencyCode", "EUR")));
    }
    Map<String, Object> order = map("id", "T3JkZXI6" + i, "number", Integer.toString(10_001 + i), "status", "PARTIALLY_SHIPPED",
        "placedAt", "2026-11-26T12:36:50.123Z",
        "customer", map("email", "buyer" + i + "@example.com", "name", "Ada Buyer", "tier", "STANDARD"),
        "total", map("amount", "142.74", "currencyCode", "EUR"));
    order.put("lines", lines);
    order.put("fulfillmentOrders", List.of(map("id", "RnVsZmlsbG1lbnRPcmRlcjox", "status", "IN_PROGRESS",
        "location", map("code", "BER-WH"), "lines", List.of(map("lineNo", 1, "quantity", 2, "quantityRemaining", 1)))));
    order.put("shipments", List.of(map("trackingNumber", "00340434161094042557", "carrier", "DHL", "status", "SHIPPED",
        "lines", List.of(map("lineNo", 1, "quantity", 1)))));
    return order;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Benchmark
  public Buffer vertxJson() {
    return Json.encodeToBuffer(page);
  }

  @Benchmark
  public byte[] jacksonStreaming() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try (JsonGenerator generator = JACKSON.createGenerator(out)) {
      write(generator, page);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName((String) entry.getKey());
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        write(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value == null) {
      generator.writeNull();
    } else {
      throw new IllegalArgumentException("unexpected " + value.getClass());
    }
  }
}
