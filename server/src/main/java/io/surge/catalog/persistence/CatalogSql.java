package io.surge.catalog.persistence;

/** The named SQL of products, variants and prices. Multi-row writes go through unnest arrays. */
final class CatalogSql {
  private CatalogSql() {}

  static final String PRODUCT_COLUMNS =
      "p.id, p.handle, p.title, p.description, p.active, p.created_at, p.updated_at";

  static final String VARIANT_COLUMNS = "v.id, v.product_id, v.sku, v.title,"
      + " v.selected_options::text AS selected_options, v.barcode, v.weight_grams, v.length_mm,"
      + " v.width_mm, v.height_mm, v.tax_class, v.active, v.created_at, v.updated_at";

  static final String INSERT_PRODUCT = "INSERT INTO product AS p (handle, title, description, active)"
      + " VALUES ($1, $2, $3, $4) RETURNING " + PRODUCT_COLUMNS;

  static final String UPDATE_PRODUCT = "UPDATE product AS p SET title = coalesce($2, title),"
      + " handle = coalesce($3, handle), description = coalesce($4, description),"
      + " active = coalesce($5, active), updated_at = now() WHERE id = $1 RETURNING " + PRODUCT_COLUMNS;

  /** Inserts many variants of one product in one statement, keeping the input order as position. */
  static final String INSERT_VARIANTS = "INSERT INTO variant AS v (product_id, sku, title,"
      + " selected_options, barcode, weight_grams, length_mm, width_mm, height_mm, tax_class,"
      + " active, position)"
      + " SELECT $1, sku, title, options::jsonb, barcode, weight, len, wid, hei, tax, act,"
      + "   $12 + ord::int"
      + " FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[],"
      + "   $8::int[], $9::int[], $10::text[], $11::bool[])"
      + "   WITH ORDINALITY AS t(sku, title, options, barcode, weight, len, wid, hei, tax, act, ord)"
      + " RETURNING " + VARIANT_COLUMNS;

  static final String UPDATE_VARIANT = "UPDATE variant AS v SET title = coalesce($2, title),"
      + " selected_options = coalesce($3::jsonb, selected_options),"
      + " barcode = coalesce($4, barcode), weight_grams = coalesce($5, weight_grams),"
      + " length_mm = coalesce($6, length_mm), width_mm = coalesce($7, width_mm),"
      + " height_mm = coalesce($8, height_mm), tax_class = coalesce($9, tax_class),"
      + " active = coalesce($10, active), updated_at = now()"
      + " WHERE id = $1 RETURNING " + VARIANT_COLUMNS;

  static final String INSERT_PRICES = "INSERT INTO variant_price (variant_id, currency_code, amount_minor)"
      + " SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])";

  static final String DELETE_PRICES = "DELETE FROM variant_price WHERE variant_id = $1";

  static final String MAX_POSITION =
      "SELECT coalesce(max(position), 0) FROM variant WHERE product_id = $1";

  static final String PRODUCTS_BY_IDS =
      "SELECT " + PRODUCT_COLUMNS + " FROM product p WHERE p.id = ANY($1)";

  static final String PRODUCT_BY_HANDLE =
      "SELECT " + PRODUCT_COLUMNS + " FROM product p WHERE p.handle = $1";

  static final String VARIANTS_BY_PRODUCTS = "SELECT " + VARIANT_COLUMNS
      + " FROM variant v WHERE v.product_id = ANY($1) ORDER BY v.product_id, v.position, v.id";

  static final String VARIANT_BY_SKU = "SELECT " + VARIANT_COLUMNS + " FROM variant v WHERE v.sku = $1";

  static final String VARIANT_BY_ID = "SELECT " + VARIANT_COLUMNS + " FROM variant v WHERE v.id = $1";

  static final String VARIANTS_BY_IDS = "SELECT " + VARIANT_COLUMNS + " FROM variant v WHERE v.id = ANY($1)";

  static final String EXISTING_SKUS = "SELECT sku FROM variant WHERE sku = ANY($1)";

  static final String PRICES_BY_VARIANTS = "SELECT variant_id, currency_code, amount_minor"
      + " FROM variant_price WHERE variant_id = ANY($1) ORDER BY variant_id, currency_code";

  /**
   * The product filter: every word in $1 must appear in the title, the handle or a SKU; $2 an
   * exact SKU; $3 the active flag. Shared by the page and its count so they always agree.
   */
  private static final String FILTER = " WHERE NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS w(word)"
      + "   WHERE NOT (lower(p.title) LIKE w.word ESCAPE '\\' OR p.handle LIKE w.word ESCAPE '\\'"
      + "     OR EXISTS (SELECT 1 FROM variant s WHERE s.product_id = p.id"
      + "       AND lower(s.sku) LIKE w.word ESCAPE '\\')))"
      + " AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM variant s WHERE s.product_id = p.id AND s.sku = $2))"
      + " AND ($3::boolean IS NULL OR p.active = $3)";

  static final String PRODUCT_PAGE = "SELECT " + PRODUCT_COLUMNS + " FROM product p" + FILTER
      + " AND p.id > $4 ORDER BY p.id LIMIT $5";

  static final String PRODUCT_COUNT = "SELECT count(*) FROM product p" + FILTER;
}
