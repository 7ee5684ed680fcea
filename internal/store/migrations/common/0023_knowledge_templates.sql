-- Model documents of the knowledge base (issue 7 point 8): protocols and
-- good practices. A shipped template without a row here shows Weerbaar's
-- text; the first save copies it into the organisation. A copy adopted
-- from the shared library keeps where it came from (source_*).
-- Templates are model texts, never case content, so nothing is encrypted.
CREATE TABLE knowledge_templates (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    tpl_key          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL,
    version          INTEGER NOT NULL,
    reviewed_on      TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    source_shared_id TEXT NOT NULL DEFAULT '',
    source_org       TEXT NOT NULL DEFAULT '',
    source_version   INTEGER NOT NULL DEFAULT 0,
    updated_by       TEXT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (org_id, tpl_key)
);

-- The installation's shared library: a snapshot of the version an
-- organisation published, and the only table other organisations read.
-- Withdrawing keeps the row (withdrawn_at > 0) so that publishing again
-- keeps the id adopted copies point to.
CREATE TABLE knowledge_shared (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    tpl_key      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    reviewed_on  TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL DEFAULT '',
    published_by TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    withdrawn_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (org_id, tpl_key)
);

CREATE INDEX knowledge_shared_live ON knowledge_shared (withdrawn_at, title);
