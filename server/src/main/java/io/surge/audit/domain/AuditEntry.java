package io.surge.audit.domain;

import io.surge.access.domain.Role;
import java.time.Instant;

/**
 * One audited staff mutation: who ran it, which root field under which operation name, from
 * where, how it ended, and its variables with secrets redacted.
 *
 * @param id 0 until stored
 * @param outcome {@code ok}, {@code userErrors:CODE,...} or {@code error:CODE}
 * @param variables the request's variables as a JSON object, redacted
 */
public record AuditEntry(long id, Instant at, long keyId, String keyName, Role role,
    String mutation, String operationName, String clientAddress, String outcome,
    String variables) {}
