package io.surge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.audit.domain.Redaction;
import io.surge.graphql.GlobalId;
import io.surge.support.CatalogMother;
import io.surge.support.Eventually;
import io.surge.support.GraphQLClient;
import io.surge.support.InventoryFixture;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Audit trail of staff mutations")
class AuditLogTests {
  private static final String CREATE_KEY = """
      mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }""";
  private static final String AUDIT = """
      query($filter: AuditLogFilter) { auditLog(first: 10, filter: $filter) { totalCount
        edges { node { id at keyId keyName role mutation operationName clientAddress outcome variables } } } }""";

  private static TestNode node;
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
    admin = node.admin();
  }

  /** A new key: its global id and a client using it. */
  private record Key(String id, GraphQLClient client) {}

  private static Key createKey(String name, String role, String channelId) {
    JsonObject input = new JsonObject().put("name", name).put("role", role);
    if (channelId != null) {
      input.put("channelId", channelId);
    }
    JsonObject created = admin.query(CREATE_KEY, Map.of("input", input)).data().getJsonObject("createApiKey");
    return new Key(created.getJsonObject("apiKey").getString("id"), admin.as(created.getString("secret")));
  }

  /** The audit entries of one key, newest first, once there are at least {@code count}. */
  private static JsonArray entriesOf(String keyId, int count) {
    JsonObject[] page = new JsonObject[1];
    Eventually.until(Duration.ofSeconds(10), () -> {
      page[0] = admin.query(AUDIT, Map.of("filter", new JsonObject().put("keyId", keyId))).data().getJsonObject("auditLog");
      return page[0].getInteger("totalCount") >= count;
    });
    return page[0].getJsonArray("edges");
  }

  @Test
  @DisplayName("a STAFF mutation is audited with who, what, from where and how it ended; secrets in variables are redacted")
  void staffMutation() {
    Key staff = createKey("auditor " + CatalogMother.unique("k"), "STAFF", null);
    Map<String, Object> variables = new java.util.HashMap<>(CatalogMother.input(CatalogMother.product("Audited tee", CatalogMother.variant(CatalogMother.unique("AUD")))));
    variables.put("extra", new JsonObject().put("password", "hunter2").put("apiToken", "t0ken").put("note", "kept"));
    var created = staff.client().query("mutation CreateTee($input: CreateProductInput!) {"
        + " createProduct(input: $input) { product { id } userErrors { code } } }", variables);
    assertThat(created.errors()).isNull();
    var refused = staff.client().query("mutation { createApiKey(input: {name: \"x\", role: ADMIN}) { secret } }");
    assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");

    JsonArray entries = entriesOf(staff.id(), 2);
    JsonObject forbidden = entries.getJsonObject(0).getJsonObject("node");
    JsonObject product = entries.getJsonObject(1).getJsonObject("node");
    assertThat(product.getString("mutation")).isEqualTo("createProduct");
    assertThat(product.getString("operationName")).isEqualTo("CreateTee");
    assertThat(product.getString("keyId")).isEqualTo(staff.id());
    assertThat(product.getString("keyName")).startsWith("auditor ");
    assertThat(product.getString("role")).isEqualTo("STAFF");
    assertThat(product.getString("clientAddress")).isEqualTo("127.0.0.1");
    assertThat(product.getString("outcome")).isEqualTo("ok");
    assertThat(product.getString("at")).isNotNull();
    JsonObject logged = new JsonObject(product.getString("variables"));
    assertThat(logged.getJsonObject("input").getString("title")).isEqualTo("Audited tee");
    assertThat(logged.getJsonObject("extra")).isEqualTo(new JsonObject()
        .put("password", Redaction.REDACTED).put("apiToken", Redaction.REDACTED).put("note", "kept"));
    assertThat(product.getString("variables")).doesNotContain("hunter2").doesNotContain("t0ken");

    assertThat(forbidden.getString("mutation")).isEqualTo("createApiKey");
    assertThat(forbidden.getString("operationName")).isNull();
    assertThat(forbidden.getString("outcome")).isEqualTo("error:FORBIDDEN");
  }

  @Test
  @DisplayName("userErrors are the outcome, and each root field of an operation is an entry of its own")
  void userErrorsAndAliases() {
    Key staff = createKey("bulk " + CatalogMother.unique("k"), "STAFF", null);
    staff.client().query("mutation Two { a: ping b: revokeApiKey(input: {id: \""
        + GlobalId.encode("ApiKey", 987_654_321L) + "\"}) { userErrors { code } } }");
    JsonArray entries = entriesOf(staff.id(), 2);
    List<String> outcomes = entries.stream()
        .map(edge -> ((JsonObject) edge).getJsonObject("node"))
        .map(entry -> entry.getString("mutation") + "=" + entry.getString("outcome")).toList();
    assertThat(outcomes).containsExactlyInAnyOrder("ping=ok", "revokeApiKey=error:FORBIDDEN");
  }

  @Test
  @DisplayName("a CHANNEL key's reserveStock is storefront traffic and is not audited")
  void channelNotAudited() {
    var inventory = InventoryFixture.create(admin, 1, 1);
    Key shop = createKey("shop", "CHANNEL", inventory.channelId);
    var reserved = shop.client().query(InventoryFixture.RESERVE,
        Map.of("input", new JsonObject().put("lines", InventoryFixture.lines(inventory.skus.get(0), 1))));
    assertThat(reserved.errors()).isNull();
    // A later staff mutation, once audited, shows the batch holding the reservation is written too.
    Key staff = createKey("barrier", "STAFF", null);
    staff.client().query("mutation { ping }");
    entriesOf(staff.id(), 1);
    assertThat(admin.query(AUDIT, Map.of("filter", new JsonObject().put("keyId", shop.id()))).data()
        .getJsonObject("auditLog").getInteger("totalCount")).isZero();
  }

  @Test
  @DisplayName("only ADMIN may read the audit log: STAFF is FORBIDDEN")
  void adminOnly() {
    Key staff = createKey("reader", "STAFF", null);
    var refused = staff.client().query("{ auditLog { totalCount } }");
    assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(refused.data()).isNull();
    var allowed = admin.query("query($filter: AuditLogFilter) { auditLog(first: 1, filter: $filter) { totalCount edges { node { mutation } } } }",
        Map.of("filter", new JsonObject().put("mutation", "createApiKey").put("after", "2000-01-01T00:00:00Z")));
    assertThat(allowed.errors()).isNull();
    assertThat(allowed.data().getJsonObject("auditLog").getInteger("totalCount")).isPositive();
  }

  @Test
  @DisplayName("a NUL character in a variable is stored as U+FFFD, and does not make PostgreSQL refuse the batch it came with")
  void nulInVariables() {
    Key staff = createKey("nul " + CatalogMother.unique("k"), "STAFF", null);
    staff.client().query("mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
        Map.of("input", new JsonObject().put("name", "a\u0000b").put("role", "ADMIN")));
    staff.client().query("mutation { ping }");

    JsonArray entries = entriesOf(staff.id(), 2);
    assertThat(entries.getJsonObject(0).getJsonObject("node").getString("mutation")).isEqualTo("ping");
    JsonObject nul = entries.getJsonObject(1).getJsonObject("node");
    assertThat(nul.getString("mutation")).isEqualTo("createApiKey");
    assertThat(nul.getValue("variables").toString()).contains("a\uFFFDb");
  }
}
