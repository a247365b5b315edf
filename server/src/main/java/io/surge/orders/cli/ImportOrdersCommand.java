package io.surge.orders.cli;

import io.surge.graphql.ApiException;
import io.surge.graphql.GlobalId;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code import-orders}: imports a JSON-lines file of orders (one {@code ImportOrderInput} per
 * line) into a running server with the {@code importOrders} mutation, in chunks of up to 1,000
 * orders that fit the server's request-body limit, and prints one line per order and a summary.
 * A line that is not a JSON object, or lacks what every order needs, is reported with its line
 * number and not sent. Exit code 0 when every order was placed or was imported before, 1 when any
 * failed, 2 when the import could not run (usage, file, server unreachable, key refused).
 *
 * <p>With {@code --policy reject} a chunk is all or nothing on the server; a malformed line stops
 * the whole file before anything is sent, and a refused chunk stops the chunks after it (earlier
 * chunks stay imported). Blocking: runs on the main thread, never on an event loop.
 */
public final class ImportOrdersCommand {
  static final int MAX_CHUNK = 1_000;
  /** Room under the server's 1 MiB body limit for the query and the JSON around the orders. */
  static final int MAX_CHUNK_BYTES = 900 * 1024;
  /** ImportOrderInput's fields: a line with another field is refused here, not by the whole chunk. */
  static final Set<String> FIELDS = Set.of("externalReference", "lines", "customer", "shippingAddress",
      "billingAddress", "shippingMethod", "shippingSpeed", "pickupLocationId", "currencyCode", "shippingPrice",
      "promisedAt", "paid", "note", "destination");
  private static final String MUTATION = """
      mutation($input: ImportOrdersInput!) { importOrders(input: $input) {
        placed failed duplicates userErrors { field code message }
        results { index externalReference outcome existingOrderId order { id number status }
                  userErrors { field code message } } } }""";

  public static final String USAGE = """
      usage: java -jar server/target/surge-server.jar import-orders --key <api key> --channel <channel code or id>
                 --file <orders.jsonl> [--url http://127.0.0.1:8080] [--policy skip|reject] [--chunk-size 1000]
        --key        an ADMIN, STAFF or CHANNEL API key (default: $SURGE_API_KEY)
        --channel    the channel's code (e.g. web) or ID
        --file       one ImportOrderInput JSON object per line
        --policy     skip: place the orders that can be placed (default); reject: all or nothing per chunk
        --chunk-size orders per request, 1 to 1000 (default 1000)""";

  private final ImportOrdersOptions options;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Tally tally = new Tally();

  private ImportOrdersCommand(ImportOrdersOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the command with {@code args} (after {@code import-orders}); returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    ImportOrdersOptions options;
    try {
      options = ImportOrdersOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("import-orders: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      return new ImportOrdersCommand(options, out).importFile();
    } catch (Unusable e) {
      err.println("import-orders: " + e.getMessage());
      return 2;
    }
  }

  /** An order read from the file, with the line it came from. */
  private record Line(int number, JsonObject order, int bytes) {}

  private int importFile() {
    List<Line> orders = new ArrayList<>();
    int malformed = read(orders);
    if (malformed > 0 && options.reject() && !orders.isEmpty()) {
      for (Line line : orders) {
        report(line, "NOT SENT", "--policy reject and the file has malformed lines");
        tally.failed++;
      }
      orders.clear();
    }
    List<List<Line>> chunks = chunks(orders);
    String channelId = chunks.isEmpty() ? null : channelId();
    for (int c = 0; c < chunks.size(); c++) {
      boolean refused = send(chunks.get(c), channelId);
      if (refused && options.reject() && c + 1 < chunks.size()) {
        for (List<Line> rest : chunks.subList(c + 1, chunks.size())) {
          rest.forEach(line -> report(line, "NOT SENT", "an earlier chunk was refused and --policy is reject"));
          tally.failed += rest.size();
        }
        break;
      }
    }
    out.printf("import-orders: %d orders: %d placed, %d duplicates, %d failed (%d malformed lines)%n",
        tally.placed + tally.duplicates + tally.failed, tally.placed, tally.duplicates, tally.failed, malformed);
    return tally.failed > 0 ? 1 : 0;
  }

  /** Reads the file; reports and counts each malformed line (as failed), keeps the others. */
  private int read(List<Line> orders) {
    int malformed = 0;
    try (BufferedReader reader = Files.newBufferedReader(options.file(), StandardCharsets.UTF_8)) {
      String text;
      int number = 0;
      while ((text = reader.readLine()) != null) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        String problem;
        JsonObject order = null;
        try {
          order = new JsonObject(text);
          problem = problem(order);
        } catch (RuntimeException e) {
          // DecodeException for broken JSON; a JSON value that is not an object fails in other ways.
          order = null;
          problem = "not a JSON object: " + firstLine(e.getMessage());
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (problem == null && bytes > MAX_CHUNK_BYTES) {
          problem = "the order is larger than " + MAX_CHUNK_BYTES + " bytes";
        }
        if (problem != null) {
          out.printf("line %d  %s  MALFORMED  %s%n", number, reference(order), problem);
          malformed++;
          tally.failed++;
        } else {
          orders.add(new Line(number, order, bytes));
        }
      }
    } catch (NoSuchFileException e) {
      throw new Unusable("no such file: " + options.file());
    } catch (IOException e) {
      throw new Unusable("cannot read " + options.file() + ": " + e.getMessage());
    }
    return malformed;
  }

  /** What every order needs before it is worth sending; null when it has it. */
  static String problem(JsonObject order) {
    for (String field : order.fieldNames()) {
      if (!FIELDS.contains(field)) {
        return "unknown field " + field;
      }
    }
    if (!(order.getValue("externalReference") instanceof String reference) || reference.isBlank()) {
      return "externalReference is required (a string)";
    }
    if (!(order.getValue("lines") instanceof JsonArray lines) || lines.isEmpty()) {
      return "lines is required (a non-empty array)";
    }
    for (Object item : lines) {
      if (!(item instanceof JsonObject line) || !(line.getValue("sku") instanceof String)
          || !(line.getValue("quantity") instanceof Integer)) {
        return "each line needs a sku (a string) and a quantity (an integer)";
      }
    }
    if (!(order.getValue("customer") instanceof JsonObject customer) || !(customer.getValue("email") instanceof String)) {
      return "customer with an email is required";
    }
    return null;
  }

  /** Chunks of at most the chunk size and {@link #MAX_CHUNK_BYTES}. */
  private List<List<Line>> chunks(List<Line> orders) {
    List<List<Line>> chunks = new ArrayList<>();
    List<Line> chunk = new ArrayList<>();
    long bytes = 0;
    for (Line line : orders) {
      if (!chunk.isEmpty() && (chunk.size() == options.chunkSize() || bytes + line.bytes() + 1 > MAX_CHUNK_BYTES)) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(line);
      bytes += line.bytes() + 1;
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /**
   * Imports one chunk and reports each order; true when any failed. A chunk the server refuses as
   * a whole for its input (one order of a wrong type) is sent again one order at a time under
   * --policy skip, so only the bad orders fail.
   */
  private boolean send(List<Line> chunk, String channelId) {
    JsonArray orders = new JsonArray();
    chunk.forEach(line -> orders.add(line.order()));
    JsonObject input = new JsonObject().put("channelId", channelId).put("orders", orders)
        .put("errorPolicy", options.reject() ? "REJECT_ALL" : "SKIP_INVALID");
    JsonObject body = post(new JsonObject().put("query", MUTATION).put("variables", new JsonObject().put("input", input)));
    JsonObject payload = body.getJsonObject("data") == null ? null : body.getJsonObject("data").getJsonObject("importOrders");
    if (payload == null) {
      String code = errorCode(body);
      String message = code + ": " + errorMessage(body);
      if ("UNAUTHENTICATED".equals(code) || "FORBIDDEN".equals(code)) {
        throw new Unusable("the server refused the key: " + message);
      }
      if ("BAD_USER_INPUT".equals(code) && chunk.size() > 1 && !options.reject()) {
        boolean failed = false;
        for (Line line : chunk) {
          failed |= send(List.of(line), channelId);
        }
        return failed;
      }
      chunk.forEach(line -> report(line, "FAILED", "the server refused the request: " + message));
      tally.failed += chunk.size();
      return true;
    }
    JsonArray results = payload.getJsonArray("results", new JsonArray());
    boolean failed = false;
    for (int i = 0; i < chunk.size(); i++) {
      Line line = chunk.get(i);
      JsonObject result = i < results.size() ? results.getJsonObject(i) : null;
      failed |= reportResult(line, result, payload);
    }
    return failed;
  }

  private boolean reportResult(Line line, JsonObject result, JsonObject payload) {
    if (result == null) {
      report(line, "FAILED", "no result from the server: " + errors(payload.getJsonArray("userErrors")));
      tally.failed++;
      return true;
    }
    JsonObject order = result.getJsonObject("order");
    String outcome = result.getString("outcome", "FAILED");
    switch (outcome) {
      case "PLACED" -> {
        tally.placed++;
        report(line, "PLACED", "order " + order.getString("number") + " " + order.getString("status")
            + suffix(errors(result.getJsonArray("userErrors"))));
        return false;
      }
      case "DUPLICATE" -> {
        tally.duplicates++;
        report(line, "DUPLICATE", "imported before as order " + result.getString("existingOrderId"));
        return false;
      }
      default -> {
        tally.failed++;
        report(line, "FAILED", errors(result.getJsonArray("userErrors"))
            + (order == null ? "" : " (order " + order.getString("number") + " " + order.getString("status") + ")"));
        return true;
      }
    }
  }

  /** The channel's ID: --channel as given when it is a channel ID, else the ID of the channel with that code. */
  private String channelId() {
    String given = options.channel();
    try {
      if (GlobalId.decode(given).type().equals("Channel")) {
        return given;
      }
    } catch (ApiException notAnId) {
      // Then it is a channel code.
    }
    JsonObject body = post(new JsonObject().put("query", "query($code: String!) { channel(code: $code) { id } }")
        .put("variables", new JsonObject().put("code", given)));
    JsonObject data = body.getJsonObject("data");
    JsonObject channel = data == null ? null : data.getJsonObject("channel");
    if (channel == null) {
      throw new Unusable(body.getJsonArray("errors") != null ? "the server refused the key: " + errorCode(body) + ": "
          + errorMessage(body) : "no channel with the ID or code " + given);
    }
    return channel.getString("id");
  }

  private JsonObject post(JsonObject body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(options.url() + "/graphql"))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + options.key())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new Unusable("cannot reach " + options.url() + ": connection refused (is the server running?)");
    } catch (IOException e) {
      throw new Unusable("cannot reach " + options.url() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unusable("interrupted");
    }
    try {
      return new JsonObject(response.body());
    } catch (DecodeException e) {
      throw new Unusable(options.url() + " answered HTTP " + response.statusCode() + " without GraphQL JSON: is it a "
          + "Surge server?");
    }
  }

  private void report(Line line, String outcome, String detail) {
    out.printf("line %d  %s  %s  %s%n", line.number(), reference(line.order()), outcome, detail);
  }

  private static String reference(JsonObject order) {
    Object reference = order == null ? null : order.getValue("externalReference");
    return reference instanceof String text && !text.isBlank() ? text : "-";
  }

  private static String errors(JsonArray errors) {
    if (errors == null || errors.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (Object item : errors) {
      JsonObject error = (JsonObject) item;
      List<String> field = new ArrayList<>();
      error.getJsonArray("field", new JsonArray()).forEach(part -> field.add(String.valueOf(part)));
      // The line number says which order: keep the path inside it (input.orders.7.lines.0.sku -> lines.0.sku).
      List<String> inOrder = field.size() >= 3 && field.get(0).equals("input") && field.get(1).equals("orders")
          ? field.subList(3, field.size()) : field;
      parts.add(error.getString("code") + (inOrder.isEmpty() ? "" : " " + String.join(".", inOrder)) + ": "
          + error.getString("message"));
    }
    return String.join("; ", parts);
  }

  private static String suffix(String text) {
    return text.isEmpty() ? "" : " (" + text + ")";
  }

  private static String errorCode(JsonObject body) {
    JsonArray errors = body.getJsonArray("errors");
    if (errors == null || errors.isEmpty()) {
      return "ERROR";
    }
    JsonObject extensions = errors.getJsonObject(0).getJsonObject("extensions");
    return extensions == null ? "ERROR" : extensions.getString("code", "ERROR");
  }

  private static String errorMessage(JsonObject body) {
    JsonArray errors = body.getJsonArray("errors");
    return errors == null || errors.isEmpty() ? "no data and no error" : errors.getJsonObject(0).getString("message");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String first = message.lines().findFirst().orElse("").trim();
    // Jackson appends where in the source it was, which says nothing more for a one-line order.
    for (String noise : List.of(" (start marker", " at [Source", " [Source")) {
      int at = first.indexOf(noise);
      first = at > 0 ? first.substring(0, at) : first;
    }
    return first.length() > 160 ? first.substring(0, 160) + "..." : first;
  }

  /** Counts over the whole file. */
  private static final class Tally {
    int placed;
    int duplicates;
    int failed;
  }

  /** The import cannot go on at all: exit code 2. */
  private static final class Unusable extends RuntimeException {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }
}
