-- The programme's shared action list. Titles describe work, never case
-- content; the source link tells where an action came from.
CREATE TABLE actions (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    owner_id     TEXT NOT NULL REFERENCES users(id),
    due_date     TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open',
    source_type  TEXT NOT NULL DEFAULT 'manual',
    source_id    TEXT NOT NULL DEFAULT '',
    source_label TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    done_at      BIGINT NOT NULL DEFAULT 0,
    reminded_on  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX actions_owner ON actions (org_id, owner_id, status, due_date);
CREATE INDEX actions_due ON actions (org_id, status, due_date);
CREATE INDEX actions_source ON actions (org_id, source_type, source_id);
