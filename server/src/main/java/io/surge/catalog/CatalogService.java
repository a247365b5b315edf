package io.surge.catalog;

import io.surge.catalog.domain.Handles;
import io.surge.catalog.domain.Product;
import io.surge.catalog.domain.ProductDraft;
import io.surge.catalog.domain.Variant;
import io.surge.catalog.domain.VariantDraft;
import io.surge.catalog.domain.VariantRules;
import io.surge.catalog.persistence.PgCatalogRepository;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.graphql.ApiException;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.surge.infra.pg.Rows;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Products and variants: create, change, find, search. Non-blocking; shared by all event loops. */
public final class CatalogService {
  private static final String[] VARIANTS = {"input", "variants"};
  private static final int MAX_SEARCH_WORDS = 10;
  private static final int HANDLE_ATTEMPTS = 5;

  private final PgCatalogRepository catalog;

  public CatalogService(PgCatalogRepository catalog) {
    this.catalog = catalog;
  }

  public Future<Outcome<Product>> createProduct(ProductDraft draft) {
    Validation validation = new Validation()
        .text(draft.title(), 200, "input", "title")
        .optionalText(draft.description(), 10_000, "input", "description");
    validation.check(draft.handle() == null || Handles.valid(draft.handle()), "INVALID",
        "a handle is lower-case letters and digits joined by single hyphens", "input", "handle");
    VariantRules.checkNew(validation, draft.variants(), VARIANTS);
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return checkSkusFree(draft.variants()).compose(taken -> {
      if (!taken.isEmpty()) {
        return Future.succeededFuture(Outcome.<Product>refused(taken));
      }
      boolean derived = draft.handle() == null;
      String handle = derived ? Handles.fromTitle(draft.title()) : draft.handle();
      return insert(draft, handle, derived, 1);
    });
  }

  /** Inserts; a derived handle that is taken gets a numeric suffix, a given one is refused. */
  private Future<Outcome<Product>> insert(ProductDraft draft, String base, boolean derived, int attempt) {
    String handle = attempt == 1 ? base : base + "-" + attempt;
    return catalog.insertProduct(draft, handle)
        .map(Outcome::ok)
        .recover(failure -> {
          if (Rows.isUniqueViolation(failure, PgCatalogRepository.HANDLE_TAKEN)) {
            if (derived && attempt < HANDLE_ATTEMPTS) {
              return insert(draft, base, true, attempt + 1);
            }
            return Future.succeededFuture(Outcome.refused(
                UserError.taken("a product with this handle exists", "input", "handle")));
          }
          return skuRace(failure);
        });
  }

  public Future<Outcome<Product>> updateProduct(long id, ProductDraft changes) {
    Validation validation = new Validation()
        .optionalText(changes.title(), 200, "input", "title")
        .optionalText(changes.description(), 10_000, "input", "description");
    validation.check(changes.handle() == null || Handles.valid(changes.handle()), "INVALID",
        "a handle is lower-case letters and digits joined by single hyphens", "input", "handle");
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return catalog.updateProduct(id, changes)
        .map(updated -> updated.map(Outcome::ok)
            .orElseGet(() -> Outcome.refused(UserError.notFound("no such product", "input", "id"))))
        .recover(failure -> Rows.isUniqueViolation(failure, PgCatalogRepository.HANDLE_TAKEN)
            ? Future.succeededFuture(Outcome.refused(
                UserError.taken("a product with this handle exists", "input", "handle")))
            : Future.failedFuture(failure));
  }

  public Future<Outcome<Product>> createVariants(long productId, List<VariantDraft> drafts) {
    Validation validation = new Validation();
    VariantRules.checkNew(validation, drafts, VARIANTS);
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    return catalog.productsByIds(Set.of(productId)).compose(found -> {
      Product product = found.get(productId);
      if (product == null) {
        return Future.succeededFuture(Outcome.<Product>refused(
            UserError.notFound("no such product", "input", "productId")));
      }
      return checkSkusFree(drafts).compose(taken -> taken.isEmpty()
          ? catalog.appendVariants(productId, drafts).map(done -> Outcome.ok(product))
              .recover(this::skuRace)
          : Future.succeededFuture(Outcome.refused(taken)));
    });
  }

  /** Updates the variant with this id, or with this SKU when no id is given. */
  public Future<Outcome<Variant>> updateVariant(Long id, String sku, VariantDraft changes) {
    if ((id == null) == (sku == null)) {
      throw ApiException.badInput("give exactly one of id and sku");
    }
    Validation validation = new Validation().optionalText(changes.title(), 200, "input", "title");
    VariantRules.checkFields(validation, changes, new String[] {"input"}, 0);
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    Future<Optional<Variant>> target = id != null ? catalog.variantById(id) : catalog.variantBySku(sku);
    return target.compose(found -> found.isEmpty()
        ? Future.succeededFuture(Outcome.<Variant>refused(
            UserError.notFound("no such variant", "input", id != null ? "id" : "sku")))
        : catalog.updateVariant(found.get().id(), changes).map(updated -> updated.map(Outcome::ok)
            .orElseGet(() -> Outcome.refused(UserError.notFound("no such variant", "input", "id")))));
  }

  public Future<Optional<Product>> product(long id) {
    return catalog.productsByIds(Set.of(id)).map(found -> Optional.ofNullable(found.get(id)));
  }

  public Future<Optional<Product>> productByHandle(String handle) {
    return catalog.productByHandle(handle);
  }

  public Future<Optional<Variant>> variant(long id) {
    return catalog.variantById(id);
  }

  public Future<Map<Long, Variant>> variantsByIds(Set<Long> ids) {
    return catalog.variantsByIds(ids);
  }

  public Future<Optional<Variant>> variantBySku(String sku) {
    if (sku.length() > 200) {
      return Future.succeededFuture(Optional.empty());
    }
    return catalog.variantBySku(sku);
  }

  /** Products matching all words of {@code query} (title, handle or SKU), an exact SKU, and/or the flag. */
  public Future<Page<Product>> search(PageRequest request, String query, String sku, Boolean active) {
    List<String> patterns = new ArrayList<>();
    if (query != null) {
      if (query.length() > 500) {
        throw ApiException.badInput("filter.query must be at most 500 characters");
      }
      for (String word : query.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
        if (!word.isEmpty()) {
          patterns.add("%" + escapeLike(word) + "%");
        }
      }
      if (patterns.size() > MAX_SEARCH_WORDS) {
        throw ApiException.badInput("filter.query may have at most " + MAX_SEARCH_WORDS + " words");
      }
    }
    return catalog.page(request, patterns, sku, active);
  }

  private Future<List<UserError>> checkSkusFree(List<VariantDraft> drafts) {
    List<String> skus = drafts.stream().map(VariantDraft::sku).toList();
    return catalog.existingSkus(skus).map(taken -> {
      List<UserError> errors = new ArrayList<>();
      for (int i = 0; i < skus.size(); i++) {
        if (taken.contains(skus.get(i))) {
          errors.add(UserError.taken("SKU " + skus.get(i) + " is used by another variant",
              Validation.path(VARIANTS, i, "sku")));
        }
      }
      return errors;
    });
  }

  /** Another request took a SKU between the check and the insert. */
  private <T> Future<Outcome<T>> skuRace(Throwable failure) {
    return Rows.isUniqueViolation(failure, PgCatalogRepository.SKU_TAKEN)
        ? Future.succeededFuture(Outcome.refused(
            UserError.taken("a SKU is used by another variant", VARIANTS)))
        : Future.failedFuture(failure);
  }

  private static String escapeLike(String word) {
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
