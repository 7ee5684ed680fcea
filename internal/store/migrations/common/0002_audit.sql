-- Audit log (hash-chained, one chain per organisation) and processing log
-- (Logboek Dataverwerkingen). See docs/decisions/0002-audit-chain-per-organisation.md.
--
-- audit_heads holds one row per chain: the last seq and hash. Record updates
-- it in the same transaction as the entry it appends; that row lock is what
-- serialises appends to one chain across instances on PostgreSQL.
-- chain is the organisation id, '' for system-wide entries.
CREATE TABLE audit_heads (
    chain      TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL,
    hash       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per audit entry, identified by (org_id, seq): seq counts per chain
-- from 1 without gaps, so a deleted entry shows up as a missing number. id is
-- a random identifier for naming an entry outside its chain (UI, SIEM).
-- Only ids and codes are stored here, never case content.
CREATE TABLE audit_log (
    org_id      TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    id          TEXT NOT NULL UNIQUE,
    at          BIGINT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_label TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    result      TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    span_id     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (org_id, seq)
);
CREATE INDEX audit_log_actor ON audit_log (org_id, actor_id, seq);
CREATE INDEX audit_log_object ON audit_log (org_id, object_type, object_id, seq);

-- Processing log: which processing activity touched which data subject,
-- without who did it. It links to audit_log only through span_id.
CREATE TABLE processing_log (
    id               TEXT PRIMARY KEY,
    trace_id         TEXT NOT NULL,
    span_id          TEXT NOT NULL,
    parent_span_id   TEXT NOT NULL,
    org_id           TEXT NOT NULL,
    activity         TEXT NOT NULL,
    data_subject_ref TEXT NOT NULL,
    started_at       BIGINT NOT NULL,
    ended_at         BIGINT NOT NULL,
    status           TEXT NOT NULL
);
CREATE INDEX processing_log_subject ON processing_log (org_id, data_subject_ref, started_at);
CREATE INDEX processing_log_span ON processing_log (span_id);
