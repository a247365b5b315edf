package io.surge.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.CatalogMother;
import io.surge.support.Db;
import io.surge.support.GraphQLClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("API keys and roles")
class AuthenticationTests {
  private static final String CREATE_KEY = """
      mutation($input: CreateApiKeyInput!) {
        createApiKey(input: $input) { apiKey { id name role prefix channel { code } } secret userErrors { field code message } }
      }""";
  private static final String CREATE_PRODUCT = """
      mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } userErrors { code } } }""";

  private static TestNode node;
  private static GraphQLClient admin;
  private static String channelId;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
    admin = node.admin();
    channelId = admin.query("mutation($input: CreateChannelInput!) { createChannel(input: $input) { channel { id } } }",
        CatalogMother.input(CatalogMother.channel(CatalogMother.unique("auth")))).data()
        .getJsonObject("createChannel").getJsonObject("channel").getString("id");
  }

  private static String createKey(String role, String channel) {
    JsonObject input = new JsonObject().put("name", "key " + role).put("role", role);
    if (channel != null) {
      input.put("channelId", channel);
    }
    var response = admin.query(CREATE_KEY, Map.of("input", input));
    assertThat(response.errors()).isNull();
    return response.data().getJsonObject("createApiKey").getString("secret");
  }

  @Test
  @DisplayName("a request without a key is UNAUTHENTICATED on every protected field")
  void noKey() {
    var response = node.anonymous().query("{ viewer { role } }");
    assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
    assertThat(response.body().getValue("data")).isNull();
  }

  @Test
  @DisplayName("an unknown key is refused as a whole with HTTP 401")
  void badKey() {
    var response = admin.as("surge_thisIsNotAKeyThatExistsAnywhere0000").query("{ viewer { role } }");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  @DisplayName("an Authorization header that is not 'Bearer <key>' is UNAUTHENTICATED")
  void malformedHeader() {
    var response = node.anonymous().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/graphql"))
        .header("Authorization", "Basic dXNlcjpwYXNz")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ viewer { role } }\"}")));
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  @DisplayName("a created key works at once, is stored only as a hash, and stops working when revoked")
  void createUseRevoke() {
    var created = admin.query(CREATE_KEY, Map.of("input", new JsonObject().put("name", "ops").put("role", "STAFF")))
        .data().getJsonObject("createApiKey");
    String secret = created.getString("secret");
    String id = created.getJsonObject("apiKey").getString("id");
    assertThat(secret).startsWith("surge_");
    assertThat(created.getJsonObject("apiKey").getString("prefix")).isEqualTo(secret.substring(0, 12));

    assertThat(admin.as(secret).query("{ viewer { role keyName } }").data().getJsonObject("viewer"))
        .isEqualTo(new JsonObject().put("role", "STAFF").put("keyName", "ops"));
    assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM api_key k WHERE row_to_json(k)::text LIKE ?", "%" + secret.substring(6) + "%"))
        .isZero();
    assertThat(Db.column(node.pgUrl(), "SELECT octet_length(key_hash) FROM api_key WHERE prefix = ?",
        secret.substring(0, 12))).containsExactly(32);

    var revoked = admin.query("mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { revokedAt } userErrors { code } } }",
        Map.of("input", new JsonObject().put("id", id)));
    assertThat(revoked.data().getJsonObject("revokeApiKey").getJsonObject("apiKey").getString("revokedAt")).isNotNull();

    var refused = admin.as(secret).query("{ viewer { role } }");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.firstErrorMessage()).contains("revoked");
  }

  @Test
  @DisplayName("the api_key table never holds a secret, only its SHA-256: neither the bootstrap ADMIN key's nor a created one's")
  void secretsNeverStored() {
    for (String secret : java.util.List.of(node.adminKey(), createKey("STAFF", null), createKey("CHANNEL", channelId))) {
      String hidden = secret.substring(12);
      assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM api_key k WHERE row_to_json(k)::text LIKE ?", "%" + hidden + "%"))
          .as("rows holding the secret").isZero();
      assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM api_key k WHERE position(convert_to(?, 'UTF8') IN k.key_hash) > 0", hidden))
          .as("hashes holding the secret's bytes").isZero();
      assertThat(Db.count(node.pgUrl(), "SELECT count(*) FROM api_key WHERE key_hash = sha256(convert_to(?, 'UTF8'))", secret))
          .as("rows stored under the secret's SHA-256").isEqualTo(1);
    }
  }

  @Test
  @DisplayName("STAFF may manage the catalogue but not API keys")
  void staff() {
    GraphQLClient staff = admin.as(createKey("STAFF", null));
    var product = staff.query(CREATE_PRODUCT, CatalogMother.input(
        CatalogMother.product("Staff tee", CatalogMother.variant(CatalogMother.unique("STAFF")))));
    assertThat(product.errors()).isNull();
    assertThat(product.data().getJsonObject("createProduct").getJsonObject("product").getString("id")).isNotNull();

    var keys = staff.query(CREATE_KEY, Map.of("input", new JsonObject().put("name", "x").put("role", "ADMIN")));
    assertThat(keys.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(staff.query("{ apiKeys { totalCount } }").errorCode()).isEqualTo("FORBIDDEN");
  }

  @Test
  @DisplayName("CHANNEL keys read the catalogue, see only their own channel and may not change anything")
  void channel() {
    GraphQLClient storefront = admin.as(createKey("CHANNEL", channelId));
    assertThat(storefront.query("{ products(first: 1) { totalCount } }").errors()).isNull();

    var channels = storefront.query("{ channels { totalCount edges { node { id } } } }").data().getJsonObject("channels");
    assertThat(channels.getInteger("totalCount")).isEqualTo(1);
    assertThat(channels.getJsonArray("edges").getJsonObject(0).getJsonObject("node").getString("id")).isEqualTo(channelId);
    assertThat(storefront.query("{ viewer { role channel { id } } }").data().getJsonObject("viewer")
        .getJsonObject("channel").getString("id")).isEqualTo(channelId);

    var product = storefront.query(CREATE_PRODUCT, CatalogMother.input(
        CatalogMother.product("Nope", CatalogMother.variant(CatalogMother.unique("CH")))));
    assertThat(product.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(storefront.query("mutation { ping }").data().getBoolean("ping")).isTrue();
  }

  @Test
  @DisplayName("a CHANNEL key needs a channel, and only CHANNEL keys may have one")
  void channelScopeRules() {
    var missing = admin.query(CREATE_KEY, Map.of("input", new JsonObject().put("name", "c").put("role", "CHANNEL")));
    assertThat(missing.data().getJsonObject("createApiKey").getJsonArray("userErrors").getJsonObject(0).getString("code"))
        .isEqualTo("REQUIRED");
    var extra = admin.query(CREATE_KEY, Map.of("input", new JsonObject().put("name", "s").put("role", "STAFF")
        .put("channelId", channelId)));
    assertThat(extra.data().getJsonObject("createApiKey").getJsonArray("userErrors").getJsonObject(0).getString("code"))
        .isEqualTo("INVALID");
    assertThat(extra.data().getJsonObject("createApiKey").getValue("secret")).isNull();
  }

  @Test
  @DisplayName("ADMIN lists keys newest first, without revoked ones unless asked")
  void listKeys() {
    createKey("STAFF", null);
    var page = admin.query("{ apiKeys(first: 2) { totalCount edges { node { id role createdAt } } pageInfo { hasNextPage } } }")
        .data().getJsonObject("apiKeys");
    assertThat(page.getJsonArray("edges")).hasSize(2);
    assertThat(page.getInteger("totalCount")).isGreaterThanOrEqualTo(2);
    long all = admin.query("{ apiKeys(includeRevoked: true) { totalCount } }").data()
        .getJsonObject("apiKeys").getLong("totalCount");
    assertThat(all).isGreaterThanOrEqualTo(page.getLong("totalCount"));
  }
}
