-- The Lokaal Ondermijningsoverleg (issue 4.5): meetings on the
-- organisation's cycle, agenda items (free topics or reports from the
-- meldpunt), decisions per item and the actions they led to. Topics,
-- decision reasons and minutes are sealed with the vault under the
-- meeting's record key key_id; dates are ISO calendar dates.
CREATE TABLE meeting_settings (
    org_id      TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    cycle_weeks INTEGER NOT NULL DEFAULT 6,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE meetings (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    held_on      TEXT NOT NULL,
    start_time   TEXT NOT NULL DEFAULT '',
    place        TEXT NOT NULL DEFAULT '',
    -- participants is a JSON list of organisations or roles, a name optional
    -- ("politie — J. de Vries"); the users among them are on the
    -- need-to-know list of the minutes (auth object type "meeting").
    participants TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL CHECK (status IN ('planned', 'held')),
    key_id       TEXT NOT NULL,
    minutes      BYTES,
    minutes_at   BIGINT NOT NULL DEFAULT 0,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX meetings_org_date ON meetings (org_id, held_on);

CREATE TABLE meeting_items (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    -- A report item names the report by id and by its reference (M-2026-0007);
    -- a free item has neither and a sealed topic.
    report_id  TEXT NOT NULL DEFAULT '',
    report_ref TEXT NOT NULL DEFAULT '',
    topic      BYTES,
    decision   TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'local', 'drop', 'riec', 'police')),
    reason     BYTES,
    decided_on TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX meeting_items_meeting ON meeting_items (org_id, meeting_id, position);

-- The actions on the programme's action list that an agenda item led to;
-- the action itself lives in package plan.
CREATE TABLE meeting_item_actions (
    item_id    TEXT NOT NULL REFERENCES meeting_items(id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    action_id  TEXT NOT NULL,
    title      TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    due_date   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (item_id, action_id)
);
