-- Resilience scans and anonymous employee surveys (issue 7, points 1–3).
-- docs/decisions/0022-scans-and-surveys.md explains the choices.

-- An organisation's own version of a framework. While an organisation has
-- no row for a key, the shipped default (package scan) applies; the first
-- edit or import copies it here. definition is the framework as JSON.
CREATE TABLE scan_frameworks (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    fw_key      TEXT NOT NULL,
    definition  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, fw_key)
);

-- Settings of the scan capability per organisation: the smallest group
-- whose survey results are shown (never below 5).
CREATE TABLE scan_settings (
    org_id           TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    survey_threshold INTEGER NOT NULL CHECK (survey_threshold >= 5),
    updated_at       BIGINT NOT NULL
);

-- A scan keeps a copy of the framework it was made with (definition), so
-- that later edits of the framework do not change an earlier scan.
CREATE TABLE scans (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    fw_key       TEXT NOT NULL,
    definition   TEXT NOT NULL,
    team_id      TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    target_level INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('concept', 'afgerond')),
    held_on      TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finalised_at BIGINT NOT NULL DEFAULT 0,
    finalised_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scans_org ON scans (org_id, fw_key, held_on);

CREATE TABLE scan_answers (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    scan_id      TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    level        INTEGER NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    action_id    TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL,
    UNIQUE (scan_id, question_key)
);

-- Free references from an answer to an object in the system.
CREATE TABLE scan_links (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    scan_id      TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    ref_type     TEXT NOT NULL,
    ref_id       TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX scan_links_scan ON scan_links (scan_id);

-- An anonymous survey of a group (a team, or '' for the organisation).
-- link_hash is the SHA-256 of the shared link's code ('' without one).
CREATE TABLE scan_surveys (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    fw_key      TEXT NOT NULL,
    definition  TEXT NOT NULL,
    team_id     TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'gesloten')),
    link_hash   TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX scan_surveys_org ON scan_surveys (org_id, created_at);
CREATE INDEX scan_surveys_link ON scan_surveys (link_hash);

-- Per-person codes, stored only as SHA-256 hashes. used says the code has
-- been spent; there is no time of use and no reference to an answer.
CREATE TABLE scan_survey_tokens (
    token_hash  TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    survey_id   TEXT NOT NULL REFERENCES scan_surveys(id) ON DELETE CASCADE,
    used        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX scan_survey_tokens_survey ON scan_survey_tokens (survey_id);

-- One row per respondent: the levels per question as JSON, and only the
-- month of answering. No token, no time of day, no address.
CREATE TABLE scan_survey_responses (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    survey_id   TEXT NOT NULL REFERENCES scan_surveys(id) ON DELETE CASCADE,
    answered_in TEXT NOT NULL,
    levels      TEXT NOT NULL
);
CREATE INDEX scan_survey_responses_survey ON scan_survey_responses (survey_id);
