-- The meldpunt (issue 4): reports (meldingen) of signals of ondermijning,
-- integrity concerns, aggression incidents and physical unsafety. Every
-- free text, answer, identity and file is sealed with the vault under the
-- report's record key key_id; destroying a report shreds that key and
-- leaves the row as a tombstone (destroyed_at).
CREATE TABLE reports (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- reference is the number staff speak of (M-2026-0007), unique per
    -- organisation; it says nothing about the content.
    reference        TEXT NOT NULL,
    category         TEXT NOT NULL CHECK (category IN ('undermining', 'integrity', 'aggression', 'unsafety')),
    channel          TEXT NOT NULL CHECK (channel IN ('online', 'anonymous', 'phone', 'team_lead', 'custodian', 'external', 'resident')),
    status           TEXT NOT NULL CHECK (status IN ('received', 'acknowledged', 'in_progress', 'scheduled',
                         'decided_local', 'decided_drop', 'decided_riec', 'decided_police', 'closed')),
    anonymous        BOOLEAN NOT NULL DEFAULT FALSE,
    -- reporter_tag is a keyed hash of a signed-in reporter's user id
    -- (vault.SubjectKey), so that reporters find their own reports while
    -- the table names nobody; empty for anonymous and recorded reports.
    reporter_tag     TEXT NOT NULL DEFAULT '',
    -- team_id is the team the report concerns, if known (routing to its
    -- teamleider); responsible_role is where triage routed the report.
    team_id          TEXT NOT NULL DEFAULT '',
    responsible_role TEXT NOT NULL DEFAULT '',
    key_id           TEXT NOT NULL,
    -- title, body and answers (category-specific questions, JSON) are sealed.
    title            BYTES,
    body             BYTES,
    answers          BYTES,
    occurred_on      TEXT NOT NULL DEFAULT '',
    -- For reports taken by staff: who recorded it and that the reporter
    -- consented; for forwarded tips the source (e.g. Meld Misdaad Anoniem).
    recorded_by      TEXT NOT NULL DEFAULT '',
    consent          BOOLEAN NOT NULL DEFAULT FALSE,
    external_source  TEXT NOT NULL DEFAULT '',
    received_at      BIGINT NOT NULL,
    acknowledged_at  BIGINT NOT NULL DEFAULT 0,
    decided_at       BIGINT NOT NULL DEFAULT 0,
    closed_at        BIGINT NOT NULL DEFAULT 0,
    -- Deadlines computed on intake and on acknowledgement (0 = none).
    ack_due          BIGINT NOT NULL DEFAULT 0,
    triage_due       BIGINT NOT NULL DEFAULT 0,
    feedback_due     BIGINT NOT NULL DEFAULT 0,
    retain_until     BIGINT NOT NULL DEFAULT 0,
    destroyed_at     BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (org_id, reference)
);
CREATE INDEX reports_org_received ON reports (org_id, received_at);
CREATE INDEX reports_org_status ON reports (org_id, status);
CREATE INDEX reports_reporter ON reports (org_id, reporter_tag);

-- The reporter's identity, apart from the report and sealed with its key:
-- shown to a handler only after a vertrouwenspersoon approved a request.
CREATE TABLE report_identities (
    report_id  TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    identity   BYTES NOT NULL,
    created_at BIGINT NOT NULL
);

-- Requests to see a reporter's identity (allow-list: only 'approved' shows).
CREATE TABLE report_identity_requests (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id    TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    requested_by TEXT NOT NULL,
    motivation   BYTES NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
    decided_by   TEXT NOT NULL DEFAULT '',
    decision     BYTES,
    requested_at BIGINT NOT NULL,
    decided_at   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX report_identity_requests_report ON report_identity_requests (org_id, report_id);

-- Receipt codes of anonymous follow-up: lookup id in the clear, the secret
-- only as an argon2id hash. No address of the reporter is kept anywhere.
CREATE TABLE report_receipts (
    lookup_id    TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id    TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    secret_hash  BYTES NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX report_receipts_report ON report_receipts (report_id);

-- Two-way messages: from the reporter, replies and questions from
-- handlers, and internal notes the reporter never sees.
CREATE TABLE report_messages (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id   TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('reporter', 'handler')),
    author_id   TEXT NOT NULL DEFAULT '',
    internal    BOOLEAN NOT NULL DEFAULT FALSE,
    body        BYTES,
    created_at  BIGINT NOT NULL
);
CREATE INDEX report_messages_report ON report_messages (org_id, report_id, created_at);

-- Attachments, sealed. Images are re-encoded on intake (no EXIF, no GPS);
-- other types carry a warning when shown.
CREATE TABLE report_attachments (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id    TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    message_id   TEXT NOT NULL DEFAULT '',
    name         BYTES,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    reencoded    BOOLEAN NOT NULL DEFAULT FALSE,
    data         BYTES,
    created_at   BIGINT NOT NULL
);
CREATE INDEX report_attachments_report ON report_attachments (org_id, report_id);

-- The history of a report: status changes, routing, grants; content-free.
CREATE TABLE report_events (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id   TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    actor_id    TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL
);
CREATE INDEX report_events_report ON report_events (org_id, report_id, at);
