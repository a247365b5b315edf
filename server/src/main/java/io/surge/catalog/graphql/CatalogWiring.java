package io.surge.catalog.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.surge.catalog.CatalogService;
import io.surge.catalog.domain.Dimensions;
import io.surge.catalog.domain.Product;
import io.surge.catalog.domain.ProductDraft;
import io.surge.catalog.domain.ProductOption;
import io.surge.catalog.domain.SelectedOption;
import io.surge.catalog.domain.Variant;
import io.surge.catalog.domain.VariantDraft;
import io.surge.catalog.persistence.PgCatalogRepository;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.graphql.ApiException;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.Input;
import io.surge.graphql.Loaders;
import io.surge.graphql.PageRequest;
import io.surge.graphql.RequestContext;
import io.surge.graphql.SchemaWiring;
import io.surge.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import io.surge.graphql.LoaderFactories;

/**
 * Wires {@code catalog.graphqls}. Variants, prices and a variant's product come through per-request
 * DataLoaders: a page of 100 products with variants and prices is three statements, not hundreds.
 */
public final class CatalogWiring implements DomainWiring {
  public static final String PRODUCT_BY_ID = "productById";
  public static final String VARIANTS_BY_PRODUCT = "variantsByProduct";
  public static final String PRICES_BY_VARIANT = "pricesByVariant";

  private final CatalogService service;
  private final PgCatalogRepository catalog;

  public CatalogWiring(CatalogService service, PgCatalogRepository catalog) {
    this.service = service;
    this.catalog = catalog;
  }

  /** The payload of product mutations. */
  public record ProductPayload(Product product, List<UserError> userErrors) {
    static ProductPayload of(Outcome<Product> outcome) {
      return new ProductPayload(outcome.value(), outcome.errors());
    }
  }

  /** The payload of variant mutations. */
  public record VariantPayload(Variant variant, List<UserError> userErrors) {
    static VariantPayload of(Outcome<Variant> outcome) {
      return new VariantPayload(outcome.value(), outcome.errors());
    }
  }

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.node("Product", Product.class, Product::id,
            (context, id) -> service.product(id).map(found -> found.orElse(null)))
        .node("Variant", Variant.class, Variant::id,
            (context, id) -> service.variant(id).map(found -> found.orElse(null)))
        .source("ProductOption", ProductOption.class)
        .source("SelectedOption", SelectedOption.class)
        .source("Dimensions", Dimensions.class)
        .source("Money", Money.class)
        .source("ProductConnection", Connection.class)
        .source("ProductEdge", Connection.Edge.class)
        .source("ProductPayload", ProductPayload.class)
        .source("VariantPayload", VariantPayload.class)
        .field("Product", "variants", CatalogWiring::variants)
        .field("Product", "options", env -> variants(env).thenApply(ProductOption::of))
        .field("Variant", "product", env -> RequestContext.of(env)
            .<Long, Product>loader(PRODUCT_BY_ID).load(((Variant) env.getSource()).productId()))
        .field("Variant", "prices", CatalogWiring::prices)
        .field("Variant", "price", env -> {
          String currency = env.getArgument("currencyCode");
          return prices(env).thenApply(prices -> prices.stream()
              .filter(price -> price.currencyCode().equals(currency)).findFirst().orElse(null));
        })
        .query("products", AsyncFetcher.of(env -> {
          Input filter = new Input(env.getArgument("filter"));
          return service.search(PageRequest.from(env), filter.string("query"), filter.string("sku"),
              filter.bool("active")).map(Connection::of);
        }))
        .query("product", AsyncFetcher.of(env -> {
          Input args = new Input(env.getArguments());
          Long id = args.id("id", "Product");
          String handle = args.string("handle");
          if ((id == null) == (handle == null)) {
            throw ApiException.badInput("give exactly one of id and handle");
          }
          return (id != null ? service.product(id) : service.productByHandle(handle))
              .map(found -> found.orElse(null));
        }))
        .query("variant", AsyncFetcher.of(env ->
            service.variantBySku(env.getArgument("sku")).map(found -> found.orElse(null))))
        .mutation("createProduct", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.createProduct(new ProductDraft(input.string("title"), input.string("handle"),
                  input.string("description"), input.bool("active"), variants(input.objects("variants"))))
              .map(ProductPayload::of);
        }))
        .mutation("updateProduct", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.updateProduct(input.id("id", "Product"), new ProductDraft(input.string("title"),
                  input.string("handle"), input.string("description"), input.bool("active"), null))
              .map(ProductPayload::of);
        }))
        .mutation("createVariants", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.createVariants(input.id("productId", "Product"), variants(input.objects("variants")))
              .map(ProductPayload::of);
        }))
        .mutation("updateVariant", AsyncFetcher.of(env -> {
          Input input = Input.of(env);
          return service.updateVariant(input.id("id", "Variant"), input.string("sku"),
                  variant(input, false))
              .map(VariantPayload::of);
        }));
  }

  @Override
  public void loaders(LoaderFactories factories) {
    factories.register(PRODUCT_BY_ID, () -> Loaders.toOne(catalog::productsByIds));
    factories.register(VARIANTS_BY_PRODUCT, () -> Loaders.toMany(catalog::variantsByProducts));
    factories.register(PRICES_BY_VARIANT, () -> Loaders.toMany(catalog::pricesByVariants));
  }

  private static CompletableFuture<List<Variant>> variants(DataFetchingEnvironment env) {
    return RequestContext.of(env).<Long, List<Variant>>loader(VARIANTS_BY_PRODUCT)
        .load(((Product) env.getSource()).id());
  }

  private static CompletableFuture<List<Money>> prices(DataFetchingEnvironment env) {
    return RequestContext.of(env).<Long, List<Money>>loader(PRICES_BY_VARIANT)
        .load(((Variant) env.getSource()).id());
  }

  private static List<VariantDraft> variants(List<Input> inputs) {
    if (inputs.size() > 1_000) {
      throw ApiException.badInput("too many variants in one call");
    }
    List<VariantDraft> drafts = new ArrayList<>(inputs.size());
    inputs.forEach(input -> drafts.add(variant(input, true)));
    return drafts;
  }

  /**
   * A variant draft from a {@code VariantInput} or {@code UpdateVariantInput}. For a new variant,
   * {@code price} and {@code prices} together make its price list.
   */
  private static VariantDraft variant(Input input, boolean creating) {
    List<SelectedOption> options = null;
    List<Input> optionInputs = input.objects("selectedOptions");
    if (optionInputs != null) {
      options = optionInputs.stream()
          .map(o -> new SelectedOption(o.string("name"), o.string("value"))).toList();
    }
    List<Money> prices = null;
    List<Input> priceInputs = input.objects("prices");
    Input single = input.object("price");
    if (priceInputs != null || single != null || creating) {
      prices = new ArrayList<>();
      if (single != null) {
        prices.add(money(single));
      }
      if (priceInputs != null) {
        for (Input price : priceInputs) {
          prices.add(money(price));
        }
      }
    }
    Input dims = input.object("dimensions");
    Dimensions dimensions = dims == null ? null
        : new Dimensions(dims.integer("lengthMm"), dims.integer("widthMm"), dims.integer("heightMm"));
    return new VariantDraft(input.string("sku"), input.string("title"), options,
        input.string("barcode"), input.integer("weightGrams"), dimensions, prices,
        input.string("taxClass"), input.bool("active"));
  }

  private static Money money(Input input) {
    try {
      return Money.of((BigDecimal) input.raw().get("amount"), input.string("currencyCode"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput(e.getMessage());
    }
  }
}
