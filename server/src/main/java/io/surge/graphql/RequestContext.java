package io.surge.graphql;

import graphql.schema.DataFetchingEnvironment;
import io.surge.access.domain.Principal;
import java.util.Optional;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;

/**
 * What one GraphQL request carries besides its document: the caller and the DataLoaders made for
 * this request alone (so batching never mixes callers or leaks cached rows between them).
 *
 * @param principal null when the request had no API key
 * @param idempotencyKey the request's {@code Idempotency-Key} header, or null
 */
public record RequestContext(Principal principal, DataLoaderRegistry loaders, String clientAddress,
    String idempotencyKey) {

  public static RequestContext of(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(RequestContext.class);
  }

  public Optional<Principal> caller() {
    return Optional.ofNullable(principal);
  }

  /** The caller, or UNAUTHENTICATED. */
  public Principal requirePrincipal() {
    if (principal == null) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "an API key is required: send Authorization: Bearer <key>");
    }
    return principal;
  }

  public <K, V> DataLoader<K, V> loader(String name) {
    return loaders.getDataLoader(name);
  }
}
