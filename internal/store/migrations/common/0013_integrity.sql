-- The people capability (issue 6), screening and the integrity registers:
-- screenings (VOG / VOG-P), the oath register, side jobs and gifts (their
-- free text sealed with the vault, optionally need-to-know), the directory
-- of vertrouwenspersonen and the checklist of candidate wethouders.
CREATE TABLE screenings (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    employee_id TEXT NOT NULL REFERENCES employees(id),
    kind        TEXT NOT NULL CHECK (kind IN ('vog', 'vog_p')),
    screened_on TEXT NOT NULL,
    -- note is sealed with the record key key_id: it may say why a
    -- certificate was late or refused.
    key_id      TEXT NOT NULL,
    note        BYTES NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX screenings_employee ON screenings (org_id, employee_id, screened_on);

CREATE TABLE oaths (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    employee_id TEXT NOT NULL REFERENCES employees(id),
    taken_on    TEXT NOT NULL,
    form        TEXT NOT NULL CHECK (form IN ('eed', 'belofte')),
    created_at  BIGINT NOT NULL
);
CREATE INDEX oaths_employee ON oaths (org_id, employee_id);

-- description and motivation are sealed with the record key key_id;
-- public_text is what the organisation publishes for designated functions.
CREATE TABLE side_jobs (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    key_id        TEXT NOT NULL,
    description   BYTES NOT NULL,
    motivation    BYTES NOT NULL,
    started_on    TEXT NOT NULL,
    ended_on      TEXT NOT NULL DEFAULT '',
    review_status TEXT NOT NULL CHECK (review_status IN ('pending', 'no_conflict', 'conditions', 'refused')),
    publish       BOOLEAN NOT NULL DEFAULT FALSE,
    public_text   TEXT NOT NULL DEFAULT '',
    need_to_know  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX side_jobs_employee ON side_jobs (org_id, employee_id);

CREATE TABLE gifts (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    employee_id  TEXT NOT NULL REFERENCES employees(id),
    key_id       TEXT NOT NULL,
    description  BYTES NOT NULL,
    received_on  TEXT NOT NULL,
    value_cents  INTEGER NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('', 'keep', 'return', 'refuse', 'donate')),
    decided_by   TEXT NOT NULL DEFAULT '',
    need_to_know BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX gifts_employee ON gifts (org_id, employee_id);

CREATE TABLE confidants (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('internal', 'external')),
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- A candidate wethouder's screening as a checklist; each item is the date
-- it was completed ('' = open); notes are sealed.
CREATE TABLE candidates (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    key_id          TEXT NOT NULL,
    notes           BYTES NOT NULL,
    interview_on    TEXT NOT NULL DEFAULT '',
    vog_on          TEXT NOT NULL DEFAULT '',
    self_check_on   TEXT NOT NULL DEFAULT '',
    risk_analysis_on TEXT NOT NULL DEFAULT '',
    conclusion      TEXT NOT NULL DEFAULT '' CHECK (conclusion IN ('', 'no_objection', 'concerns')),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
