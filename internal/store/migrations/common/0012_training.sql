-- Training duties (issue 6): requirements per organisation derived from a
-- person's attributes (audience), planned sessions, attendance and
-- certificates, and the actions raised for persistent gaps.
CREATE TABLE training_requirements (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    audience       TEXT NOT NULL CHECK (audience IN ('all', 'client_contact', 'functions', 'council')),
    first_months   INTEGER NOT NULL,
    refresh_months INTEGER NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (org_id, code)
);

-- The chosen functions of a requirement with audience 'functions'.
CREATE TABLE training_requirement_functions (
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL REFERENCES training_requirements(id) ON DELETE CASCADE,
    function_id    TEXT NOT NULL REFERENCES functions(id) ON DELETE CASCADE,
    PRIMARY KEY (requirement_id, function_id)
);

-- One row per organisation once the shipped defaults were copied in, so
-- that an organisation that deleted them does not get them back.
CREATE TABLE training_setup (
    org_id    TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    copied_at BIGINT NOT NULL
);

CREATE TABLE training_sessions (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL REFERENCES training_requirements(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    location       TEXT NOT NULL DEFAULT '',
    capacity       INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX training_sessions_date ON training_sessions (org_id, date);

-- Attendance: one row per person, requirement and day, so importing the
-- same file twice changes nothing.
CREATE TABLE training_attendance (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    employee_id    TEXT NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL REFERENCES training_requirements(id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    session_id     TEXT REFERENCES training_sessions(id) ON DELETE SET NULL,
    source         TEXT NOT NULL CHECK (source IN ('hand', 'import')),
    created_at     BIGINT NOT NULL,
    UNIQUE (org_id, employee_id, requirement_id, date)
);
CREATE INDEX training_attendance_session ON training_attendance (org_id, session_id);

-- Certificates are sealed with the organisation's vault key.
CREATE TABLE training_certificates (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    attendance_id TEXT NOT NULL REFERENCES training_attendance(id) ON DELETE CASCADE,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    key_id        TEXT NOT NULL,
    sealed        BYTES NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX training_certificates_attendance ON training_certificates (org_id, attendance_id);

-- The action raised for a team's persistent gap in a requirement; one per
-- team and requirement, never twice.
CREATE TABLE training_gap_actions (
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id        TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL REFERENCES training_requirements(id) ON DELETE CASCADE,
    action_id      TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (org_id, team_id, requirement_id)
);

-- The day each user last got a training reminder, so that a second run on
-- the same day (on this instance or another) sends nothing twice.
CREATE TABLE training_reminders (
    org_id  TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day     TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id, day)
);
