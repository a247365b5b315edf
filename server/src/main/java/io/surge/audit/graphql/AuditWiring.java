package io.surge.audit.graphql;

import io.surge.audit.AuditTrail;
import io.surge.audit.domain.AuditEntry;
import io.surge.audit.domain.AuditFilter;
import io.surge.graphql.AsyncFetcher;
import io.surge.graphql.Connection;
import io.surge.graphql.DomainWiring;
import io.surge.graphql.GlobalId;
import io.surge.graphql.Input;
import io.surge.graphql.PageRequest;
import io.surge.graphql.SchemaWiring;
import java.time.Instant;
import java.util.Map;

/** Wires {@code audit.graphqls}: the ADMIN's view of the audit log. */
public final class AuditWiring implements DomainWiring {
  private final AuditTrail trail;

  public AuditWiring(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void wire(SchemaWiring wiring) {
    wiring.source("AuditEntry", AuditEntry.class)
        .source("AuditEntryConnection", Connection.class)
        .source("AuditEntryEdge", Connection.Edge.class)
        .field("AuditEntry", "id", env -> GlobalId.encode("AuditEntry", ((AuditEntry) env.getSource()).id()))
        .field("AuditEntry", "keyId", env -> GlobalId.encode("ApiKey", ((AuditEntry) env.getSource()).keyId()))
        .query("auditLog", AsyncFetcher.of(env -> trail
            .page(PageRequest.from(env), filter(env.getArgument("filter")))
            .map(Connection::of)));
  }

  private static AuditFilter filter(Map<String, Object> argument) {
    if (argument == null) {
      return AuditFilter.NONE;
    }
    Input input = new Input(argument);
    return new AuditFilter(input.id("keyId", "ApiKey"), input.string("mutation"),
        (Instant) argument.get("after"), (Instant) argument.get("before"));
  }
}
