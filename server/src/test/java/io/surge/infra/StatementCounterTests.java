package io.surge.infra;

import static io.surge.support.CatalogMother.input;
import static io.surge.support.CatalogMother.product;
import static io.surge.support.CatalogMother.unique;
import static io.surge.support.CatalogMother.variant;
import static org.assertj.core.api.Assertions.assertThat;

import io.surge.app.SurgeConfig;
import io.surge.support.GraphQLClient;
import io.surge.support.StatementWatch;
import io.surge.support.SurgeTest;
import io.surge.support.TestNode;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SurgeTest
@DisplayName("Statement counting: the SQL a node sends for one GraphQL request")
class StatementCounterTests {
  private static final String VARIANT = """
      query($sku: String!) {
        variant(sku: $sku) { sku product { title } prices { amount currencyCode } }
      }""";
  private static final String PRODUCTS = """
      query($first: Int!, $word: String!) {
        products(first: $first, filter: { query: $word }) {
          totalCount edges { node { title variants { sku prices { amount } } } }
        }
      }""";
  private static final int PRODUCTS_MADE = 5;

  private static TestNode node;
  private static GraphQLClient admin;
  /** In the title of every product made here, so a search finds exactly them. */
  private static String word;
  /** The first variant of the last product made here. */
  private static String sku;

  @BeforeAll
  static void start() {
    node = TestNode.shared();
    admin = node.admin();
    word = unique("stmt");
    for (int i = 0; i < PRODUCTS_MADE; i++) {
      sku = unique("STMT");
      var created = admin.query("""
          mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } } }""",
          input(product("Statement probe " + word + " " + i, variant(sku), variant(unique("STMT")))));
      assertThat(created.errors()).isNull();
    }
  }

  @Test
  @DisplayName("a variant by SKU with its product and prices is three statements: the variant, then one lookup each for products and prices")
  void variantBySku() {
    var measured = node.statements().during(() -> admin.query(VARIANT, Map.of("sku", sku)))
        .excluding(StatementWatch.AUTHENTICATION);

    JsonObject variant = measured.result().data().getJsonObject("variant");
    assertThat(variant.getString("sku")).isEqualTo(sku);
    assertThat(variant.getJsonObject("product").getString("title")).contains(word);
    assertThat(variant.getJsonArray("prices")).hasSize(1);
    assertThat(measured.count()).as(measured.toString()).isEqualTo(3);
    assertThat(measured.bySql().keySet()).as(measured.toString()).satisfiesExactlyInAnyOrder(
        sql -> assertThat(sql).contains("FROM variant v WHERE v.sku = $1"),
        sql -> assertThat(sql).contains("FROM product p WHERE p.id = ANY($1)"),
        sql -> assertThat(sql).contains("FROM variant_price WHERE variant_id = ANY($1)"));
  }

  @Test
  @DisplayName("a products page with variants and prices is four statements for one product or five: the DataLoaders batch")
  void productsPageDoesNotGrowWithPageSize() {
    var one = node.statements().during(() -> admin.query(PRODUCTS, Map.of("first", 1, "word", word)))
        .excluding(StatementWatch.AUTHENTICATION);
    var five = node.statements().during(() -> admin.query(PRODUCTS, Map.of("first", PRODUCTS_MADE, "word", word)))
        .excluding(StatementWatch.AUTHENTICATION);

    assertThat(edges(one.result())).hasSize(1);
    assertThat(edges(five.result())).hasSize(PRODUCTS_MADE);
    assertThat(five.result().data().getJsonObject("products").getInteger("totalCount")).isEqualTo(PRODUCTS_MADE);
    // The page, its total count, the variants of all its products, the prices of all their variants.
    assertThat(one.count()).as(one.toString()).isEqualTo(4);
    assertThat(five.bySql()).as(five.toString()).isEqualTo(one.bySql());
    assertThat(five.bySql().values()).containsOnly(1L);
  }

  @Test
  @DisplayName("a request that needs no SQL counts zero, while the node runs statements for others at the same time")
  void zeroForRequestWithoutSql() {
    long before = node.statements().total();

    var measured = node.statements().during(() -> {
      // Neither is on behalf of a request this thread sends: one statement from no request at all,
      // one whole request sent from another thread.
      node.node().pool().query("SELECT 1").execute().toCompletionStage().toCompletableFuture().join();
      var other = CompletableFuture.supplyAsync(() -> admin.query(VARIANT, Map.of("sku", sku))).join();
      assertThat(other.data().getJsonObject("variant").getString("sku")).isEqualTo(sku);
      return node.anonymous().query("{ __typename }");
    });

    assertThat(measured.result().data().getString("__typename")).isEqualTo("Query");
    assertThat(measured.count()).as(measured.toString()).isZero();
    assertThat(node.statements().total() - before).isGreaterThanOrEqualTo(1 + 3);
  }

  @Test
  @DisplayName("a batch counts once per parameter set and a prepared statement once per execution")
  void batchesAndRepeatsCountEveryExecution() {
    String batch = "SELECT $1::int AS statement_counter_batch";
    String repeated = "SELECT $1::int AS statement_counter_repeated";
    var pool = node.node().pool();

    pool.preparedQuery(batch).executeBatch(List.of(Tuple.of(1), Tuple.of(2), Tuple.of(3)))
        .toCompletionStage().toCompletableFuture().join();
    for (int i = 0; i < 2; i++) {
      pool.preparedQuery(repeated).execute(Tuple.of(i)).toCompletionStage().toCompletableFuture().join();
    }

    Map<String, Long> bySql = node.statements().totalBySql();
    assertThat(bySql).containsEntry(batch, 3L).containsEntry(repeated, 2L);
  }

  @Test
  @DisplayName("is off unless configured: SURGE_COUNT_STATEMENTS=true turns it on")
  void offByDefault() {
    assertThat(SurgeConfig.fromEnv(Map.of()).countStatements()).isFalse();
    assertThat(SurgeConfig.fromEnv(Map.of("SURGE_COUNT_STATEMENTS", "true")).countStatements()).isTrue();
    assertThat(node.node().statements().isEnabled()).isTrue();
  }

  private static List<Object> edges(GraphQLClient.Response response) {
    return response.data().getJsonObject("products").getJsonArray("edges").getList();
  }
}
