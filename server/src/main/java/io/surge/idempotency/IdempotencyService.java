package io.surge.idempotency;

import io.surge.graphql.ApiException;
import io.surge.graphql.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} header: the first request with a key runs and its response is
 * stored; a retry with the same key and body gets that response again and applies nothing; the
 * same key with another body is refused ({@code IDEMPOTENCY_KEY_REUSED}). A retry that arrives
 * while the first is still running waits for it. Keys are scoped to the API key that sent them.
 *
 * <p>A crash between a mutation's commit and the stored response leaves the key claimed; once
 * the claim lapses a retry runs again, and mutations that must not apply twice recognise the key
 * in their own committed rows (reservations store it in the same statement as their effect).
 */
public final class IdempotencyService {
  public static final int MAX_KEY_LENGTH = 200;
  static final int LOCK_SECONDS = 30;
  private static final long WAIT_STEP_MS = 25;
  private static final long WAIT_MAX_MS = 15_000;

  private final PgIdempotencyRepository keys;
  private final Vertx vertx;

  public IdempotencyService(PgIdempotencyRepository keys, Vertx vertx) {
    this.keys = keys;
    this.vertx = vertx;
  }

  /** What to do with a request that carries a key. */
  public record Decision(boolean proceed, String storedResponse) {
    static Decision run() {
      return new Decision(true, null);
    }

    static Decision replay(String response) {
      return new Decision(false, response);
    }
  }

  public static byte[] hash(String body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void checkKey(String key) {
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      throw ApiException.badInput("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
  }

  /** Claims the key, or finds the response to replay (waiting while another request holds it). */
  public Future<Decision> begin(long owner, String key, byte[] requestHash) {
    return attempt(owner, key, requestHash, System.currentTimeMillis() + WAIT_MAX_MS);
  }

  private Future<Decision> attempt(long owner, String key, byte[] hash, long deadline) {
    return keys.claim(owner, key, hash, LOCK_SECONDS).compose(claimed -> {
      if (claimed) {
        return Future.succeededFuture(Decision.run());
      }
      return keys.read(owner, key).compose(stored -> decide(owner, key, hash, deadline, stored));
    });
  }

  private Future<Decision> decide(long owner, String key, byte[] hash, long deadline,
      Optional<PgIdempotencyRepository.Stored> stored) {
    if (stored.isEmpty()) {
      // Released between our claim and read: try again at once.
      return attempt(owner, key, hash, deadline);
    }
    if (!Arrays.equals(stored.get().requestHash(), hash)) {
      return Future.failedFuture(new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used with a different request"));
    }
    if (stored.get().completed()) {
      return Future.succeededFuture(Decision.replay(stored.get().response()));
    }
    if (System.currentTimeMillis() > deadline) {
      return Future.failedFuture(new ApiException(ErrorCode.UNAVAILABLE,
          "a request with this Idempotency-Key is still running; retry later",
          Map.of("retryable", true)));
    }
    Promise<Decision> later = Promise.promise();
    vertx.setTimer(WAIT_STEP_MS, id -> attempt(owner, key, hash, deadline).onComplete(later));
    return later.future();
  }

  /** Stores the response for retries. */
  public Future<Void> complete(long owner, String key, String response) {
    return keys.complete(owner, key, response);
  }

  /** Lets a retry run again (the request failed in a way worth retrying). */
  public Future<Void> release(long owner, String key) {
    return keys.release(owner, key);
  }

  public Future<Integer> purgeOlderThanHours(int hours) {
    return keys.purge(hours);
  }
}
