-- Goals, indicators and their history; the action plan's team and
-- escalation (issue 7, points 4 and 5). docs/decisions/0023-goals-and-indicators.md
-- explains the choices.

-- An action may name the team it is for ('' when none), so that the action
-- plan can be read per team. escalated_at is when a long-overdue action was
-- escalated to the gemeentesecretaris (0: never); an action is escalated
-- once.
ALTER TABLE actions ADD COLUMN team_id TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN escalated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX actions_escalate ON actions (status, escalated_at, due_date);

-- A manual indicator: one the system cannot compute, defined by the
-- coordinator. Its values are entered per year with a source
-- (plan_measurements, manual = TRUE). ind_key never collides with a
-- computed key: computed keys contain a dot, manual keys start with
-- 'eigen.'.
CREATE TABLE plan_indicators (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    ind_key          TEXT NOT NULL,
    label            TEXT NOT NULL,
    unit             TEXT NOT NULL CHECK (unit IN ('aantal', '%', 'dagen')),
    higher_is_better BOOLEAN NOT NULL DEFAULT TRUE,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (org_id, ind_key)
);

-- A goal of the programme: an effect goal (what should change) or a
-- performance goal (what we do), measured by one indicator.
CREATE TABLE plan_goals (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL CHECK (kind IN ('effect', 'prestatie')),
    ind_key          TEXT NOT NULL,
    higher_is_better BOOLEAN NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX plan_goals_org ON plan_goals (org_id, title);

-- The target of a goal per year.
CREATE TABLE plan_goal_targets (
    goal_id    TEXT NOT NULL REFERENCES plan_goals(id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    target     DOUBLE PRECISION NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (goal_id, year)
);

-- The history of the indicators: per organisation, indicator and period.
-- period is 'YYYY-MM' for the monthly recording of the computed indicators
-- (the value as it stood that month: the year so far, or the state then)
-- and 'YYYY' for a manual value of a year. source says where a manual value
-- comes from (required); for a computed value it is empty.
CREATE TABLE plan_measurements (
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    ind_key     TEXT NOT NULL,
    period      TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    manual      BOOLEAN NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, ind_key, period)
);
