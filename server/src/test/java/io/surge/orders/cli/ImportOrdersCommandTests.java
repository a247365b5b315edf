package io.surge.orders.cli;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import io.surge.graphql.SchemaFiles;
import io.surge.support.CatalogMother;
import io.surge.support.InventoryFixture;
import io.surge.support.OrderFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SurgeTest
@DisplayName("import-orders: the command line against a running node")
class ImportOrdersCommandTests {
  @TempDir
  Path dir;

  private InventoryFixture inventory;
  private OrderFixture orders;
  private String sku;
  private String location;
  private String prefix;

  @BeforeEach
  void world() {
    inventory = InventoryFixture.create(TestNode.shared().admin(), 1, 1);
    orders = new OrderFixture(inventory);
    sku = inventory.skus.get(0);
    location = inventory.locationIds.get(0);
    inventory.receive(sku, location, 10);
    prefix = CatalogMother.unique("CLI");
  }

  /** The command's exit code and what it printed. */
  private record Run(int exitCode, String out, String err) {}

  private Run run(Path file, String... extra) {
    return runOn(inventory.channelId, file, extra);
  }

  private Run runOn(String channel, Path file, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--url", TestNode.shared().baseUrl(),
        "--key", TestNode.shared().adminKey(), "--channel", channel, "--file", file.toString()));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportOrdersCommand.run(args.toArray(new String[0]), Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String order(String reference, String variantSku, int quantity) {
    return new JsonObject().put("externalReference", reference)
        .put("lines", InventoryFixture.lines(variantSku, quantity))
        .put("customer", new JsonObject().put("email", "cli@example.com"))
        .put("shippingAddress", new JsonObject().put("line1", "Hauptstr. 1").put("city", "Leipzig")
            .put("countryCode", "DE"))
        .put("paid", true).encode();
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("imports a JSON-lines file in chunks: good orders placed, each bad line reported by number, exit 1; again (channel by code): all DUPLICATE, exit 0")
  void importsAFile() throws IOException {
    Path file = file("orders.jsonl",
        order(prefix + "-1", sku, 1),
        "{\"externalReference\": \"" + prefix + "-broken\", \"lines\": [",
        order(prefix + "-2", sku, 2),
        "",
        order(prefix + "-bad", "NO-SUCH-" + prefix, 1),
        order(prefix + "-3", sku, 3),
        "{\"lines\": [{\"sku\": \"" + sku + "\", \"quantity\": 1}], \"customer\": {\"email\": \"cli@example.com\"}}");
    Run run = run(file, "--chunk-size", "2");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("line 1  " + prefix + "-1  PLACED  order ")
        .contains("line 2  -  MALFORMED  not a JSON object")
        .contains("line 3  " + prefix + "-2  PLACED")
        .contains("line 5  " + prefix + "-bad  FAILED  NOT_FOUND lines.0.sku: no variant has this SKU")
        .contains("line 6  " + prefix + "-3  PLACED")
        .contains("line 7  -  MALFORMED  externalReference is required")
        .contains("import-orders: 6 orders: 3 placed, 0 duplicates, 3 failed (2 malformed lines)")
        .doesNotContain("Exception");
    assertThat(orders.level(sku, location).getInteger("allocated")).isEqualTo(6);

    Path good = file("again.jsonl", order(prefix + "-1", sku, 1), order(prefix + "-2", sku, 2));
    String code = inventory.admin.query("query($id: ID!) { channel(id: $id) { code } }", Map.of("id", inventory.channelId))
        .data().getJsonObject("channel").getString("code");
    Run again = runOn(code, good);
    assertThat(again.exitCode()).as(again.out()).isZero();
    assertThat(again.out()).contains("line 1  " + prefix + "-1  DUPLICATE  imported before as order ")
        .contains("import-orders: 2 orders: 0 placed, 2 duplicates, 0 failed (0 malformed lines)");
    assertThat(orders.level(sku, location).getInteger("allocated")).isEqualTo(6);
  }

  @Test
  @DisplayName("--policy reject sends nothing when a line is malformed")
  void rejectSendsNothingWithAMalformedLine() throws IOException {
    Path file = file("reject.jsonl", order(prefix + "-1", sku, 1), "not json at all", order(prefix + "-2", sku, 1));
    Run run = run(file, "--policy", "reject");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("line 2  -  MALFORMED").contains("line 1  " + prefix + "-1  NOT SENT")
        .contains("0 placed");
    assertThat(orders.level(sku, location).getInteger("allocated")).isZero();
  }

  @Test
  @DisplayName("a refused key or a bad command line is exit code 2 with a message, never a stack trace")
  void unusable() throws IOException {
    Path file = file("one.jsonl", order(prefix + "-1", sku, 1));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportOrdersCommand.run(new String[] {"--url", TestNode.shared().baseUrl(), "--key", "surge_wrong",
        "--channel", inventory.channelId, "--file", file.toString()}, Map.of(), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("UNAUTHENTICATED").doesNotContain("Exception");

    Run missing = run(file, "--policy", "sometimes");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--policy is skip or reject").contains("usage:");

    Run unknown = runOn("no-such-channel", file);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no channel with the ID or code no-such-channel");
  }

  @Test
  @DisplayName("the fields the command checks locally are ImportOrderInput's")
  void fieldsMatchTheSchema() {
    var input = SchemaFiles.load().getType("ImportOrderInput", InputObjectTypeDefinition.class).orElseThrow();
    assertThat(input.getInputValueDefinitions().stream().map(InputValueDefinition::getName))
        .containsExactlyInAnyOrderElementsOf(ImportOrdersCommand.FIELDS);
  }
}
