package io.surge.infra.pg;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.sqlclient.impl.tracing.QueryRequest;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Vert.x tracer that feeds a {@link StatementCounter}; installed only on nodes that count.
 *
 * <p>Why the tracing SPI: in Vert.x 5 the SQL client reports every query, prepared query, batch
 * and cursor read it schedules on a pooled connection through {@code VertxTracer.sendRequest},
 * with the SQL, the parameter sets and the context that issued it. It does so whatever the
 * connect options' tracing policy: the policy is only passed on to the tracer, which may honour
 * it, and this one counts regardless. The metrics SPI sees the same queries but is told neither
 * the batch size nor the issuing context, and the node's Micrometer metrics already hold its slot.
 *
 * <p>Why attribution by context is exact: Vert.x serves each HTTP request on a context of its
 * own (a duplicate of the event loop's), and the SQL client reports a query on the context that
 * issued it, the request's one for everything the request's futures and DataLoaders run.
 * {@link #receiveRequest} puts the tally named by the request's {@link StatementCounter#TALLY_HEADER}
 * on that context; {@link #sendRequest} counts the query in the tally found on its context. The
 * reservation timers, the sweep, the audit and the idempotency purge run on other contexts that
 * carry no tally, so they never leak into a request's count, and neither do concurrent requests
 * that carry another tally or none. Work a request hands to another context (the reservation
 * journal's batches, shared by many requests) is counted in the totals only.
 *
 * <p>Thread-safe: called from any event loop.
 */
final class StatementTracer implements VertxTracer<Void, Void> {
  // Vert.x sizes each context's local storage when an instance is built, so this must be
  // registered before the first instance that uses this tracer (StatementCounter.instrument).
  private static final ContextLocal<StatementCounter.Tally> TALLY =
      ContextLocal.registerLocal(StatementCounter.Tally.class);

  private final StatementCounter counter;

  StatementTracer(StatementCounter counter) {
    this.counter = counter;
  }

  @Override
  public <R> Void receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
      String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    if (request instanceof HttpServerRequest http) {
      String id = http.getHeader(StatementCounter.TALLY_HEADER);
      StatementCounter.Tally tally = id == null ? null : counter.tally(id);
      if (tally != null) {
        context.putLocal(TALLY, tally);
      }
    }
    return null;
  }

  @Override
  public <R> Void sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
      String operation, BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    // QueryRequest is the SQL client's report of one query (the Redis client reports others).
    // It lives in an impl package: a Vert.x upgrade that moves it fails the build, not silently.
    if (request instanceof QueryRequest query) {
      counter.record(query.sql(), Math.max(1, query.tuples().size()), context.getLocal(TALLY));
    }
    return null;
  }
}
