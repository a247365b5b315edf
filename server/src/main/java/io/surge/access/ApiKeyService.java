package io.surge.access;

import io.surge.access.domain.ApiKey;
import io.surge.access.domain.ApiKeySecret;
import io.surge.access.domain.Role;
import io.surge.access.persistence.PgApiKeyRepository;
import io.surge.channels.persistence.PgChannelRepository;
import io.surge.common.Outcome;
import io.surge.common.UserError;
import io.surge.common.Validation;
import io.surge.graphql.Page;
import io.surge.graphql.PageRequest;
import io.vertx.core.Future;
import java.util.Optional;

/** Creating, listing and revoking API keys. Non-blocking; shared by all event loops. */
public final class ApiKeyService {
  private final PgApiKeyRepository keys;
  private final PgChannelRepository channels;
  private final ApiKeyAuthenticator authenticator;

  public ApiKeyService(PgApiKeyRepository keys, PgChannelRepository channels,
      ApiKeyAuthenticator authenticator) {
    this.keys = keys;
    this.channels = channels;
    this.authenticator = authenticator;
  }

  /** A new key and its secret, which is returned here once and never again. */
  public record CreatedKey(ApiKey key, String secret) {}

  public Future<Outcome<CreatedKey>> create(String name, Role role, Long channelId) {
    Validation validation = new Validation().text(name, 100, "input", "name");
    if (role == Role.CHANNEL && channelId == null) {
      validation.add(UserError.of("REQUIRED", "a CHANNEL key needs a channelId", "input", "channelId"));
    }
    if (role != Role.CHANNEL && channelId != null) {
      validation.add(UserError.invalid("only CHANNEL keys are scoped to a channel", "input", "channelId"));
    }
    if (validation.failed()) {
      return Future.succeededFuture(Outcome.refused(validation.errors()));
    }
    Future<Boolean> channelExists = channelId == null
        ? Future.succeededFuture(true)
        : channels.findById(channelId).map(Optional::isPresent);
    return channelExists.compose(exists -> {
      if (!exists) {
        return Future.succeededFuture(Outcome.refused(
            UserError.notFound("no such channel", "input", "channelId")));
      }
      String secret = ApiKeySecret.generate();
      return keys.insert(name.trim(), role, channelId, ApiKeySecret.hash(secret),
              ApiKeySecret.prefixOf(secret))
          .map(key -> Outcome.ok(new CreatedKey(key, secret)));
    });
  }

  public Future<Outcome<ApiKey>> revoke(long id) {
    return keys.revoke(id).map(revoked -> {
      authenticator.forgetAll();
      return revoked.map(Outcome::ok)
          .orElseGet(() -> Outcome.refused(UserError.notFound("no such API key", "input", "id")));
    });
  }

  public Future<Page<ApiKey>> page(PageRequest request, boolean includeRevoked) {
    return keys.page(request, includeRevoked);
  }

  public Future<Optional<ApiKey>> find(long id) {
    return keys.findById(id);
  }
}
