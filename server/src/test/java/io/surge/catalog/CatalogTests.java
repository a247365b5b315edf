package io.surge.catalog;

import static io.surge.support.CatalogMother.input;
import static io.surge.support.CatalogMother.product;
import static io.surge.support.CatalogMother.unique;
import static io.surge.support.CatalogMother.variant;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.support.GraphQLClient;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Catalogue: products and variants")
class CatalogTests {
  private static final String CREATE = """
      mutation($input: CreateProductInput!) {
        createProduct(input: $input) {
          product { id handle title active options { name values }
            variants { id sku title weightGrams prices { amount currencyCode } price(currencyCode: "EUR") { amount }
              selectedOptions { name value } taxClass product { handle } } }
          userErrors { field code message }
        }
      }""";
  private static GraphQLClient admin;

  @BeforeAll
  static void start() {
    admin = TestNode.shared().admin();
  }

  private static JsonObject create(JsonObject input) {
    var response = admin.query(CREATE, input(input));
    assertThat(response.errors()).isNull();
    return response.data().getJsonObject("createProduct");
  }

  private static JsonArray userErrors(JsonObject payload) {
    return payload.getJsonArray("userErrors");
  }

  @Test
  @DisplayName("createProduct stores the product, its variants and prices, and derives a handle and options")
  void createProduct() {
    String sku = unique("TEE");
    JsonObject second = variant(unique("TEE")).put("title", "Size L")
        .put("selectedOptions", new JsonArray().add(new JsonObject().put("name", "Size").put("value", "L")))
        .put("prices", new JsonArray().add(new JsonObject().put("amount", "25").put("currencyCode", "USD")));
    var payload = create(product("Classic Tëe, Blue!", variant(sku), second));
    assertThat(userErrors(payload)).isEmpty();
    var created = payload.getJsonObject("product");
    assertThat(created.getString("handle")).startsWith("classic-tee-blue");
    assertThat(created.getJsonArray("options")).containsExactly(
        new JsonObject().put("name", "Size").put("values", new JsonArray().add("M").add("L")));
    var first = created.getJsonArray("variants").getJsonObject(0);
    assertThat(first.getString("sku")).isEqualTo(sku);
    assertThat(first.getJsonArray("prices")).containsExactly(
        new JsonObject().put("amount", "19.99").put("currencyCode", "EUR"));
    assertThat(first.getJsonObject("price").getString("amount")).isEqualTo("19.99");
    assertThat(first.getString("taxClass")).isEqualTo("standard");
    var secondStored = created.getJsonArray("variants").getJsonObject(1);
    assertThat(secondStored.getJsonArray("prices")).hasSize(2);
    assertThat(secondStored.getValue("price")).isNotNull();
  }

  @Test
  @DisplayName("the same derived handle gets a numeric suffix; a chosen handle that is taken is refused")
  void handles() {
    String title = "Handle Probe " + unique("h");
    var one = create(product(title, variant(unique("H"))));
    var two = create(product(title, variant(unique("H"))));
    assertThat(two.getJsonObject("product").getString("handle"))
        .isEqualTo(one.getJsonObject("product").getString("handle") + "-2");
    var taken = create(product("x", variant(unique("H"))).put("handle", one.getJsonObject("product").getString("handle")));
    assertThat(userErrors(taken).getJsonObject(0).getString("code")).isEqualTo("TAKEN");
    assertThat(userErrors(taken).getJsonObject(0).getJsonArray("field")).containsExactly("input", "handle");
    var bad = create(product("x", variant(unique("H"))).put("handle", "Not A Handle"));
    assertThat(userErrors(bad).getJsonObject(0).getString("code")).isEqualTo("INVALID");
  }

  @Test
  @DisplayName("a SKU already used, or used twice in the input, is TAKEN with the variant's index, and nothing is stored")
  void skuTaken() {
    String sku = unique("DUP");
    create(product("first", variant(sku)));
    var again = create(product("second", variant(unique("OK")), variant(sku)));
    assertThat(again.getValue("product")).isNull();
    assertThat(userErrors(again).getJsonObject(0).getJsonArray("field")).containsExactly("input", "variants", "1", "sku");
    assertThat(userErrors(again).getJsonObject(0).getString("code")).isEqualTo("TAKEN");
    String twice = unique("TWICE");
    var inInput = create(product("third", variant(twice), variant(twice)));
    assertThat(userErrors(inInput).getJsonObject(0).getString("code")).isEqualTo("TAKEN");
    assertThat(admin.query("query($s: String!) { variant(sku: $s) { id } }", Map.of("s", twice)).data()
        .getValue("variant")).isNull();
  }

  @Test
  @DisplayName("bad variant input is refused field by field: blank, negative, too many decimals, no variants")
  void badVariantInput() {
    var blank = create(product(" ", variant(unique("B")).put("weightGrams", -1)));
    assertThat(userErrors(blank).stream().map(e -> ((JsonObject) e).getJsonArray("field").encode()))
        .contains("[\"input\",\"title\"]", "[\"input\",\"variants\",\"0\",\"weightGrams\"]");
    var none = create(product("empty"));
    assertThat(userErrors(none).getJsonObject(0).getString("code")).isEqualTo("REQUIRED");
    var decimals = admin.query(CREATE, input(product("cents", variant(unique("C"))
        .put("price", new JsonObject().put("amount", "1.005").put("currencyCode", "EUR")))));
    assertThat(decimals.errorCode()).isEqualTo("BAD_USER_INPUT");
    var currency = admin.query(CREATE, input(product("cur", variant(unique("C"))
        .put("price", new JsonObject().put("amount", "1").put("currencyCode", "XYZ")))));
    assertThat(currency.errorCode()).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  @DisplayName("updateProduct, createVariants and updateVariant change what they name and keep the rest")
  void updates() {
    String sku = unique("UPD");
    var created = create(product("Before", variant(sku))).getJsonObject("product");
    String id = created.getString("id");

    var updated = admin.query("mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { title handle active } userErrors { code } } }",
        input(new JsonObject().put("id", id).put("title", "After").put("active", false)))
        .data().getJsonObject("updateProduct").getJsonObject("product");
    assertThat(updated.getString("title")).isEqualTo("After");
    assertThat(updated.getBoolean("active")).isFalse();
    assertThat(updated.getString("handle")).isEqualTo(created.getString("handle"));

    String added = unique("ADD");
    var withMore = admin.query("mutation($input: CreateVariantsInput!) { createVariants(input: $input) { product { variants { sku } } userErrors { code } } }",
        input(new JsonObject().put("productId", id).put("variants", new JsonArray().add(variant(added)))))
        .data().getJsonObject("createVariants").getJsonObject("product");
    assertThat(withMore.getJsonArray("variants").stream().map(v -> ((JsonObject) v).getString("sku")))
        .containsExactly(sku, added);

    var variant = admin.query("mutation($input: UpdateVariantInput!) { updateVariant(input: $input) { variant { title barcode weightGrams prices { amount currencyCode } dimensions { heightMm } } userErrors { code } } }",
        input(new JsonObject().put("sku", sku).put("barcode", "4006381333931")
            .put("dimensions", new JsonObject().put("lengthMm", 10).put("widthMm", 20).put("heightMm", 30))
            .put("prices", new JsonArray().add(new JsonObject().put("amount", "5.00").put("currencyCode", "GBP")))))
        .data().getJsonObject("updateVariant").getJsonObject("variant");
    assertThat(variant.getString("title")).isEqualTo("Size M");
    assertThat(variant.getString("barcode")).isEqualTo("4006381333931");
    assertThat(variant.getInteger("weightGrams")).isEqualTo(250);
    assertThat(variant.getJsonObject("dimensions").getInteger("heightMm")).isEqualTo(30);
    assertThat(variant.getJsonArray("prices")).containsExactly(
        new JsonObject().put("amount", "5.00").put("currencyCode", "GBP"));

    var missing = admin.query("mutation($input: UpdateVariantInput!) { updateVariant(input: $input) { variant { id } userErrors { code } } }",
        input(new JsonObject().put("sku", unique("NOPE")).put("title", "x")));
    assertThat(missing.data().getJsonObject("updateVariant").getJsonArray("userErrors").getJsonObject(0)
        .getString("code")).isEqualTo("NOT_FOUND");
  }

  @Test
  @DisplayName("products filters by words, exact SKU and active flag, and pages with cursors")
  void searchAndPaging() {
    String word = "zq" + Long.toString(System.nanoTime(), 36);
    String sku = unique("FIND");
    create(product("Alpha " + word, variant(sku)));
    create(product("Beta " + word, variant(unique("FIND"))));
    create(product("Gamma " + word, variant(unique("FIND"))).put("active", false));

    String query = "query($f: ProductFilter, $after: String) { products(first: 2, after: $after, filter: $f) {"
        + " totalCount edges { node { title } } pageInfo { hasNextPage endCursor } } }";
    var first = admin.query(query, Map.of("f", new JsonObject().put("query", word.toUpperCase())))
        .data().getJsonObject("products");
    assertThat(first.getInteger("totalCount")).isEqualTo(3);
    assertThat(first.getJsonArray("edges")).hasSize(2);
    assertThat(first.getJsonObject("pageInfo").getBoolean("hasNextPage")).isTrue();
    var second = admin.query(query, Map.of("f", new JsonObject().put("query", word),
        "after", first.getJsonObject("pageInfo").getString("endCursor"))).data().getJsonObject("products");
    assertThat(second.getJsonArray("edges")).hasSize(1);
    assertThat(second.getJsonObject("pageInfo").getBoolean("hasNextPage")).isFalse();

    assertThat(admin.query(query, Map.of("f", new JsonObject().put("query", word).put("active", true)))
        .data().getJsonObject("products").getInteger("totalCount")).isEqualTo(2);
    var bySku = admin.query(query, Map.of("f", new JsonObject().put("sku", sku))).data().getJsonObject("products");
    assertThat(bySku.getJsonArray("edges").getJsonObject(0).getJsonObject("node").getString("title")).isEqualTo("Alpha " + word);
    assertThat(admin.query(query, Map.of("f", new JsonObject().put("query", word + " alpha")))
        .data().getJsonObject("products").getInteger("totalCount")).isEqualTo(1);
    assertThat(admin.query(query, Map.of("f", new JsonObject().put("query", "%_" + word)))
        .data().getJsonObject("products").getInteger("totalCount")).as("LIKE wildcards are literal").isZero();
  }

  @Test
  @DisplayName("product(id|handle), variant(sku:) and node(id:) find what was created")
  void lookups() {
    String sku = unique("LOOK");
    var created = create(product("Lookup", variant(sku))).getJsonObject("product");
    String id = created.getString("id");
    assertThat(admin.query("query($id: ID) { product(id: $id) { title } }", Map.of("id", id))
        .data().getJsonObject("product").getString("title")).isEqualTo("Lookup");
    assertThat(admin.query("query($h: String) { product(handle: $h) { id } }", Map.of("h", created.getString("handle")))
        .data().getJsonObject("product").getString("id")).isEqualTo(id);
    var variant = admin.query("query($s: String!) { variant(sku: $s) { id product { id } } }", Map.of("s", sku))
        .data().getJsonObject("variant");
    assertThat(variant.getJsonObject("product").getString("id")).isEqualTo(id);
    var node = admin.query("query($id: ID!) { node(id: $id) { __typename ... on Variant { sku } } }",
        Map.of("id", variant.getString("id"))).data().getJsonObject("node");
    assertThat(node.getString("__typename")).isEqualTo("Variant");
    assertThat(node.getString("sku")).isEqualTo(sku);
    assertThat(admin.query("{ product { id } }").errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(admin.query("{ node(id: \"garbage!\") { id } }").errorCode()).isEqualTo("BAD_USER_INPUT");
    assertThat(admin.query("query($id: ID) { product(id: $id) { id } }", Map.of("id", variant.getString("id")))
        .errorCode()).as("an ID of another type").isEqualTo("BAD_USER_INPUT");
  }
}
