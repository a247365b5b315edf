package io.surge.catalog.persistence;

import io.surge.catalog.domain.Dimensions;
import io.surge.catalog.domain.Product;
import io.surge.catalog.domain.ProductDraft;
import io.surge.catalog.domain.SelectedOption;
import io.surge.catalog.domain.Variant;
import io.surge.catalog.domain.VariantDraft;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.surge.infra.pg.Tuples;
import io.surge.money.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Products, variants and prices in PostgreSQL. Non-blocking; safe to share between event loops. */
public final class PgCatalogRepository {
  public static final String HANDLE_TAKEN = "product_handle_key";
  public static final String SKU_TAKEN = "variant_sku_key";

  private final Pool pool;

  public PgCatalogRepository(Pool pool) {
    this.pool = pool;
  }

  /** Inserts a product with all its variants and prices in one transaction. */
  public Future<Product> insertProduct(ProductDraft draft, String handle) {
    return pool.withTransaction(tx -> tx.preparedQuery(CatalogSql.INSERT_PRODUCT)
        .execute(Tuple.of(handle, draft.title(), draft.description(),
            draft.active() == null || draft.active()))
        .map(rows -> mapProduct(rows.iterator().next()))
        .compose(product -> insertVariants(tx, product.id(), 0, draft.variants()).map(product)));
  }

  /** Appends variants to a product in one transaction, after its existing ones. */
  public Future<Void> appendVariants(long productId, List<VariantDraft> drafts) {
    return pool.withTransaction(tx -> tx.preparedQuery(CatalogSql.MAX_POSITION)
        .execute(Tuple.of(productId))
        .compose(rows -> insertVariants(tx, productId, rows.iterator().next().getInteger(0), drafts)));
  }

  private static Future<Void> insertVariants(SqlClient tx, long productId, int positionBase,
      List<VariantDraft> drafts) {
    int n = drafts.size();
    String[] skus = new String[n];
    String[] titles = new String[n];
    String[] options = new String[n];
    String[] barcodes = new String[n];
    Integer[] weights = new Integer[n];
    Integer[] lengths = new Integer[n];
    Integer[] widths = new Integer[n];
    Integer[] heights = new Integer[n];
    String[] taxClasses = new String[n];
    Boolean[] active = new Boolean[n];
    for (int i = 0; i < n; i++) {
      VariantDraft d = drafts.get(i);
      skus[i] = d.sku();
      titles[i] = d.title();
      options[i] = optionsJson(d.selectedOptions() == null ? List.of() : d.selectedOptions());
      barcodes[i] = d.barcode();
      weights[i] = d.weightGrams();
      lengths[i] = d.dimensions() == null ? null : d.dimensions().lengthMm();
      widths[i] = d.dimensions() == null ? null : d.dimensions().widthMm();
      heights[i] = d.dimensions() == null ? null : d.dimensions().heightMm();
      taxClasses[i] = d.taxClass() == null ? "standard" : d.taxClass();
      active[i] = d.active() == null || d.active();
    }
    // Built value by value: Tuple.of(...) would spread the arrays into separate parameters.
    Tuple values = Tuple.tuple().addLong(productId)
        .addArrayOfString(skus).addArrayOfString(titles).addArrayOfString(options)
        .addArrayOfString(barcodes).addArrayOfInteger(weights).addArrayOfInteger(lengths)
        .addArrayOfInteger(widths).addArrayOfInteger(heights).addArrayOfString(taxClasses)
        .addArrayOfBoolean(active).addInteger(positionBase);
    return tx.preparedQuery(CatalogSql.INSERT_VARIANTS).execute(values).compose(rows -> {
      Map<String, Long> idBySku = new HashMap<>();
      rows.forEach(row -> idBySku.put(row.getString("sku"), row.getLong("id")));
      List<Long> variantIds = new ArrayList<>();
      List<Money> prices = new ArrayList<>();
      for (VariantDraft d : drafts) {
        for (Money price : d.prices()) {
          variantIds.add(idBySku.get(d.sku()));
          prices.add(price);
        }
      }
      return insertPrices(tx, variantIds, prices);
    });
  }

  private static Future<Void> insertPrices(SqlClient tx, List<Long> variantIds, List<Money> prices) {
    if (prices.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] currencies = new String[prices.size()];
    Long[] amounts = new Long[prices.size()];
    for (int i = 0; i < prices.size(); i++) {
      currencies[i] = prices.get(i).currencyCode();
      amounts[i] = prices.get(i).minorUnits();
    }
    return tx.preparedQuery(CatalogSql.INSERT_PRICES)
        .execute(Tuple.tuple().addArrayOfLong(variantIds.toArray(new Long[0]))
            .addArrayOfString(currencies).addArrayOfLong(amounts))
        .mapEmpty();
  }

  public Future<Optional<Product>> updateProduct(long id, ProductDraft changes) {
    return pool.preparedQuery(CatalogSql.UPDATE_PRODUCT)
        .execute(Tuple.of(id, changes.title(), changes.handle(), changes.description(), changes.active()))
        .map(rows -> Rows.first(rows, PgCatalogRepository::mapProduct));
  }

  /** Applies variant changes, replacing its prices when given, in one transaction. */
  public Future<Optional<Variant>> updateVariant(long id, VariantDraft changes) {
    Dimensions d = changes.dimensions();
    Tuple values = Tuple.tuple().addLong(id).addString(changes.title())
        .addString(changes.selectedOptions() == null ? null : optionsJson(changes.selectedOptions()))
        .addString(changes.barcode()).addInteger(changes.weightGrams())
        .addInteger(d == null ? null : d.lengthMm()).addInteger(d == null ? null : d.widthMm())
        .addInteger(d == null ? null : d.heightMm()).addString(changes.taxClass())
        .addBoolean(changes.active());
    return pool.withTransaction(tx -> tx.preparedQuery(CatalogSql.UPDATE_VARIANT).execute(values)
        .map(rows -> Rows.first(rows, PgCatalogRepository::mapVariant))
        .compose(updated -> {
          if (updated.isEmpty() || changes.prices() == null) {
            return Future.succeededFuture(updated);
          }
          List<Long> ids = changes.prices().stream().map(price -> id).toList();
          return tx.preparedQuery(CatalogSql.DELETE_PRICES).execute(Tuple.of(id))
              .compose(deleted -> insertPrices(tx, ids, changes.prices()))
              .map(updated);
        }));
  }

  public Future<Map<Long, Product>> productsByIds(Set<Long> ids) {
    return pool.preparedQuery(CatalogSql.PRODUCTS_BY_IDS).execute(Tuples.ofIds(ids))
        .map(rows -> Rows.index(rows, PgCatalogRepository::mapProduct, Product::id));
  }

  public Future<Optional<Product>> productByHandle(String handle) {
    return pool.preparedQuery(CatalogSql.PRODUCT_BY_HANDLE).execute(Tuple.of(handle))
        .map(rows -> Rows.first(rows, PgCatalogRepository::mapProduct));
  }

  /** Every product's variants in position order: one statement for any number of products. */
  public Future<Map<Long, List<Variant>>> variantsByProducts(Set<Long> productIds) {
    return pool.preparedQuery(CatalogSql.VARIANTS_BY_PRODUCTS)
        .execute(Tuples.ofIds(productIds))
        .map(rows -> Rows.group(rows, PgCatalogRepository::mapVariant, Variant::productId));
  }

  public Future<Optional<Variant>> variantBySku(String sku) {
    return pool.preparedQuery(CatalogSql.VARIANT_BY_SKU).execute(Tuple.of(sku))
        .map(rows -> Rows.first(rows, PgCatalogRepository::mapVariant));
  }

  public Future<Optional<Variant>> variantById(long id) {
    return pool.preparedQuery(CatalogSql.VARIANT_BY_ID).execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, PgCatalogRepository::mapVariant));
  }

  public Future<Map<Long, Variant>> variantsByIds(Set<Long> ids) {
    return pool.preparedQuery(CatalogSql.VARIANTS_BY_IDS).execute(Tuples.ofIds(ids))
        .map(rows -> Rows.index(rows, PgCatalogRepository::mapVariant, Variant::id));
  }

  /** Which of these SKUs are already used. */
  public Future<Set<String>> existingSkus(List<String> skus) {
    return pool.preparedQuery(CatalogSql.EXISTING_SKUS)
        .execute(Tuple.tuple().addArrayOfString(skus.toArray(new String[0])))
        .map(rows -> {
          Set<String> found = new HashSet<>();
          rows.forEach(row -> found.add(row.getString(0)));
          return found;
        });
  }

  /** Every variant's prices: one statement for any number of variants. */
  public Future<Map<Long, List<Money>>> pricesByVariants(Set<Long> variantIds) {
    return pool.preparedQuery(CatalogSql.PRICES_BY_VARIANTS)
        .execute(Tuples.ofIds(variantIds))
        .map(rows -> {
          Map<Long, List<Money>> byVariant = new HashMap<>();
          rows.forEach(row -> byVariant.computeIfAbsent(row.getLong(0), id -> new ArrayList<>())
              .add(new Money(row.getLong(2), row.getString(1))));
          return byVariant;
        });
  }

  /**
   * A page of products matching the filter.
   *
   * @param likePatterns one LIKE pattern per search word, already lower-cased and escaped
   */
  public Future<Page<Product>> page(PageRequest request, List<String> likePatterns, String sku,
      Boolean active) {
    String[] words = likePatterns.toArray(new String[0]);
    Future<List<Product>> rows = pool.preparedQuery(CatalogSql.PRODUCT_PAGE)
        .execute(Tuple.tuple().addArrayOfString(words).addString(sku).addBoolean(active)
            .addLong(request.afterKey()).addInteger(request.limit()))
        .map(result -> Rows.list(result, PgCatalogRepository::mapProduct));
    Future<Long> count = pool.preparedQuery(CatalogSql.PRODUCT_COUNT)
        .execute(Tuple.tuple().addArrayOfString(words).addString(sku).addBoolean(active))
        .map(result -> result.iterator().next().getLong(0));
    return Future.all(rows, count).map(all -> Page.of(rows.result(), request.first(),
        request.hasCursor(), count.result(), Product::id));
  }

  private static String optionsJson(List<SelectedOption> options) {
    JsonArray array = new JsonArray();
    options.forEach(o -> array.add(new JsonObject().put("name", o.name()).put("value", o.value())));
    return array.encode();
  }

  private static Product mapProduct(Row row) {
    return new Product(row.getLong("id"), row.getString("handle"), row.getString("title"),
        row.getString("description"), row.getBoolean("active"),
        Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
  }

  private static Variant mapVariant(Row row) {
    JsonArray optionsJson = new JsonArray(row.getString("selected_options"));
    List<SelectedOption> options = new ArrayList<>(optionsJson.size());
    for (int i = 0; i < optionsJson.size(); i++) {
      JsonObject option = optionsJson.getJsonObject(i);
      options.add(new SelectedOption(option.getString("name"), option.getString("value")));
    }
    Integer length = row.getInteger("length_mm");
    Dimensions dimensions = length == null ? null
        : new Dimensions(length, row.getInteger("width_mm"), row.getInteger("height_mm"));
    return new Variant(row.getLong("id"), row.getLong("product_id"), row.getString("sku"),
        row.getString("title"), options, row.getString("barcode"), row.getInteger("weight_grams"),
        dimensions, row.getString("tax_class"), row.getBoolean("active"),
        Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
  }
}
