-- An organisation's own version of a shipped knowledge card. A process
-- without a row here shows the shipped text; deleting the row ("terug naar
-- standaardtekst") restores it. Sections hold one bullet per line. The
-- cards are plain text for every employee, never case content, so nothing
-- here is encrypted.
CREATE TABLE knowledge_cards (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    process_code TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    risks        TEXT NOT NULL DEFAULT '',
    signals      TEXT NOT NULL DEFAULT '',
    steps        TEXT NOT NULL DEFAULT '',
    contacts     TEXT NOT NULL DEFAULT '',
    contact_line TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (org_id, process_code)
);
