-- The organisation model: nested teams, functions (jobs), employees and
-- their assignments to functions over periods. Dates are 'YYYY-MM-DD' text
-- and end dates are inclusive; '' means open (still employed, still held).
CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    parent_id  TEXT REFERENCES teams(id),
    name       TEXT NOT NULL,
    -- code is optional (NULL when the organisation uses none); both
    -- databases let several NULLs share the unique index.
    code       TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX teams_code ON teams (org_id, code);
-- Names are unique per organisation so that an import can match a team
-- without a code by its name, and a picker never shows two alike.
CREATE UNIQUE INDEX teams_name ON teams (org_id, lower(name));
CREATE INDEX teams_parent ON teams (org_id, parent_id);

CREATE TABLE functions (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    sensitive  BOOLEAN NOT NULL DEFAULT FALSE,
    vog_level  TEXT NOT NULL DEFAULT '' CHECK (vog_level IN ('', 'vog', 'vog_p')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE employees (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    number         TEXT NOT NULL,
    name           TEXT NOT NULL,
    team_id        TEXT NOT NULL REFERENCES teams(id),
    start_date     TEXT NOT NULL,
    end_date       TEXT NOT NULL DEFAULT '',
    client_contact BOOLEAN NOT NULL DEFAULT FALSE,
    hired          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (org_id, number)
);
CREATE INDEX employees_team ON employees (org_id, team_id);

CREATE TABLE assignments (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    employee_id TEXT NOT NULL REFERENCES employees(id),
    function_id TEXT NOT NULL REFERENCES functions(id),
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (org_id, employee_id, function_id, start_date)
);
-- The duty analysis asks per function who holds it on a date; the unique
-- key above already serves the questions per employee.
CREATE INDEX assignments_function ON assignments (org_id, function_id, start_date);
