-- The audit trail of staff mutations: every mutation an ADMIN or STAFF key ran, who ran it, with
-- what (variables with secrets redacted) and how it ended. Append-only; written in batches off the
-- request path. No foreign key to api_key: a row must outlive its key and cost no lock on it.
CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL,
  key_id          bigint NOT NULL,
  key_name        text NOT NULL,
  role            text NOT NULL,
  mutation        text NOT NULL,
  operation_name  text,
  client_address  text,
  outcome         text NOT NULL,
  variables       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_key_idx ON audit_log (key_id, id);
CREATE INDEX audit_log_mutation_idx ON audit_log (mutation, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
