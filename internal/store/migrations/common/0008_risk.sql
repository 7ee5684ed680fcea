-- The process register: per team the processes the municipality runs, their
-- steps, and which functions perform each step. The duty analysis reads these
-- together with the organisation model (0006).
CREATE TABLE processes (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id        TEXT NOT NULL REFERENCES teams(id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    -- catalogue_code names the process in the shared catalogue; '' for a
    -- process of the organisation's own.
    catalogue_code TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (org_id, code)
);
CREATE INDEX processes_team ON processes (org_id, team_id);

CREATE TABLE steps (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    process_id         TEXT NOT NULL REFERENCES processes(id),
    -- code names the kind of work organisation-wide for conflict rules
    -- (e.g. 'bibob_onderzoek'); '' when no rule is about the step.
    code               TEXT NOT NULL DEFAULT '',
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('decision', 'cash', 'information', 'other')),
    min_holders        INTEGER NOT NULL DEFAULT 0,
    four_eyes          BOOLEAN NOT NULL DEFAULT FALSE,
    four_eyes_in_place BOOLEAN NOT NULL DEFAULT FALSE,
    rotation_months    INTEGER NOT NULL DEFAULT 0,
    object             TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
-- The loader reads all steps of an organisation by id; a process page lists
-- its steps.
CREATE INDEX steps_org ON steps (org_id, id);
CREATE INDEX steps_process ON steps (org_id, process_id);

CREATE TABLE step_functions (
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    step_id     TEXT NOT NULL REFERENCES steps(id) ON DELETE CASCADE,
    function_id TEXT NOT NULL REFERENCES functions(id),
    PRIMARY KEY (org_id, step_id, function_id)
);
