package io.surge.infra.redis;

import io.surge.common.CallerFutures;
import io.surge.infra.metrics.EdgeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in Redis, shared by every node: one Lua script per check takes a token
 * atomically (one round trip, EVALSHA, EVAL only the first time a Redis sees the script).
 * Redis is never the record, so when it fails or answers slower than the timeout the request is
 * let through (fail open), counted, and logged at most once a minute; after a failure the
 * limiter does not ask Redis again for a second, so an outage costs requests nothing.
 * Thread-safe: shared by all event loops.
 */
public final class RedisRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
  private static final String PREFIX = "surge:rl:";
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final long BACK_OFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * KEYS[1] the bucket; ARGV: tokens per second, burst, now in ms, tokens wanted. The bucket is a
   * hash of its tokens and the time they were counted; a missing bucket is full. Returns {tokens
   * granted (up to those wanted, 0 when empty), ms until a token}. Time comes from the caller so the script stays deterministic; a clock behind the
   * stored one adds nothing rather than taking away.
   */
  static final String SCRIPT = """
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local now = tonumber(ARGV[3])
      local want = tonumber(ARGV[4]) or 1
      local state = redis.call('HMGET', KEYS[1], 't', 'ts')
      local tokens = tonumber(state[1])
      local ts = tonumber(state[2])
      if tokens == nil or ts == nil then
        tokens = burst
        ts = now
      end
      if now > ts then
        tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
        ts = now
      end
      local allowed = 0
      local wait = 0
      if tokens >= 1 then
        allowed = math.min(want, math.floor(tokens))
        tokens = tokens - allowed
      else
        wait = math.ceil((1 - tokens) * 1000 / rate)
      end
      redis.call('HMSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(ts))
      redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
      return {allowed, wait}
      """;
  private static final String SHA = sha1(SCRIPT);

  /** The outcome of one check: allowed, or refused with the wait until a token. */
  public record Decision(boolean allowed, long retryAfterMillis) {
    static final Decision ALLOWED = new Decision(true, 0);
  }

  private final Redis redis;
  private final long timeoutMillis;
  private final EdgeMetrics metrics;
  /**
   * Tokens this node took from a fast bucket and spends locally: for rates of 1,000/s and more a
   * check takes a few milliseconds' worth at once, so a storefront key at thousands of requests a
   * second costs Redis tens of round trips a second, not one per request. Unspent tokens lapse
   * after {@link #LOCAL_TTL_NANOS}. A node can so run ahead of the shared bucket by one chunk.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Allowance> local =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final long LOCAL_TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /** Refills a request waits for before it starts one itself, whatever the others do. */
  private static final int MAX_WAITS = 16;

  private static final class Allowance {
    final java.util.concurrent.atomic.AtomicInteger tokens = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * The chunk being fetched, if any: one at a time, and requests finding the allowance empty
     * meanwhile wait for it instead of asking Redis themselves (a burst of thousands would else
     * be thousands of round trips, or drain the bucket).
     */
    final java.util.concurrent.atomic.AtomicReference<Future<Decision>> refill =
        new java.util.concurrent.atomic.AtomicReference<>();
    volatile long expiresAt;
  }

  /** Tokens taken per round trip: 20 ms of the rate, at most a quarter of the burst; 1 below 1,000/s. */
  public static int chunk(double perSecond, int burst) {
    if (perSecond < 1_000) {
      return 1;
    }
    return (int) Math.max(1, Math.min(burst / 4.0, perSecond / 50));
  }

  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
  private volatile long skipUntil = System.nanoTime();

  public RedisRateLimiter(Redis redis, long timeoutMillis, EdgeMetrics metrics) {
    this.redis = redis;
    this.timeoutMillis = timeoutMillis;
    this.metrics = metrics;
  }

  /** The Redis key of a bucket: {@code surge:rl:<kind>:<id>}. */
  public static String key(String kind, String id) {
    return PREFIX + kind + ':' + id;
  }

  /**
   * Takes one token from the bucket {@code kind}/{@code id}, which gains {@code perSecond} tokens
   * a second and holds at most {@code burst}. Never fails.
   */
  public Future<Decision> take(String kind, String id, double perSecond, int burst) {
    if (System.nanoTime() - skipUntil < 0) {
      metrics.failedOpen();
      return Future.succeededFuture(Decision.ALLOWED);
    }
    String key = key(kind, id);
    int chunk = chunk(perSecond, burst);
    // Delivered on the caller's context: a request that waited for Redis or for another event
    // loop's refill must carry on on its own loop (per-loop state such as the in-flight count is
    // not shared, and its response is written from there).
    return CallerFutures.onCaller(chunk > 1
        ? takeLocally(local.computeIfAbsent(key, k -> new Allowance()), key, perSecond, burst, chunk, 0)
        : fetch(key, perSecond, burst, 1, null));
  }

  /** A token from the node's allowance, refilled a chunk at a time. */
  private Future<Decision> takeLocally(Allowance allowance, String key, double perSecond, int burst, int chunk,
      int waits) {
    if (System.nanoTime() - allowance.expiresAt < 0
        && allowance.tokens.getAndUpdate(t -> t > 0 ? t - 1 : t) > 0) {
      return Future.succeededFuture(Decision.ALLOWED);
    }
    Future<Decision> inFlight = allowance.refill.get();
    if (inFlight != null && waits < MAX_WAITS) {
      return inFlight.transform(done -> takeLocally(allowance, key, perSecond, burst, chunk, waits + 1));
    }
    Promise<Decision> fetched = Promise.promise();
    if (!allowance.refill.compareAndSet(inFlight, fetched.future())) {
      return takeLocally(allowance, key, perSecond, burst, chunk, waits + 1);
    }
    fetch(key, perSecond, burst, chunk, allowance).onComplete(done -> {
      allowance.refill.compareAndSet(fetched.future(), null);
      fetched.handle(done);
    });
    return fetched.future();
  }

  /** Asks Redis for {@code wanted} tokens; extra ones granted go to {@code allowance}. Never fails. */
  private Future<Decision> fetch(String key, double perSecond, int burst, int wanted, Allowance allowance) {
    long now = System.currentTimeMillis();
    return redis.send(script(Command.EVALSHA, SHA, key, perSecond, burst, now, wanted))
        .recover(failure -> failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")
            ? redis.send(script(Command.EVAL, SCRIPT, key, perSecond, burst, now, wanted))
            : Future.failedFuture(failure))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .map(response -> decision(response, allowance))
        .otherwise(this::failOpen);
  }

  private static Request script(Command command, String script, String key, double perSecond, int burst,
      long now, int wanted) {
    return Request.cmd(command).arg(script).arg(1).arg(key).arg(perSecond).arg(burst).arg(now).arg(wanted);
  }

  /** One granted token serves this request; the rest go to the node's allowance. */
  private static Decision decision(Response response, Allowance allowance) {
    long granted = response.get(0).toLong();
    if (granted < 1) {
      return new Decision(false, Math.max(1, response.get(1).toLong()));
    }
    if (allowance != null && granted > 1) {
      long nowNanos = System.nanoTime();
      if (nowNanos - allowance.expiresAt < 0) {
        allowance.tokens.addAndGet((int) granted - 1);
      } else {
        allowance.tokens.set((int) granted - 1);
      }
      allowance.expiresAt = nowNanos + LOCAL_TTL_NANOS;
    }
    return Decision.ALLOWED;
  }

  private Decision failOpen(Throwable failure) {
    metrics.failedOpen();
    long now = System.nanoTime();
    skipUntil = now + BACK_OFF_NANOS;
    long last = lastLogged.get();
    if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
      log.warn("rate limits not checked (requests let through) while Redis fails or is slow: {}", failure.toString());
    }
    return Decision.ALLOWED;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
