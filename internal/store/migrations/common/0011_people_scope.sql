-- The people capability (issue 6), shared part: which teams a teamleider
-- leads (they see those teams and their sub-teams), what kind of person an
-- employee record is (staff, or a member of the college or the council,
-- whom an organisation may bring under the same duties), and the
-- organisation's settings for the people registers.
CREATE TABLE team_leads (
    org_id  TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    PRIMARY KEY (org_id, user_id, team_id)
);

ALTER TABLE employees ADD COLUMN person_kind TEXT NOT NULL DEFAULT 'staff';

-- rescreen_months is the periodic rescreening policy (0: only on change
-- of function); gift_threshold_cents the value above which a gift needs a
-- decision; include_council brings college and council under the duties.
CREATE TABLE people_settings (
    org_id               TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    rescreen_months      INTEGER NOT NULL,
    gift_threshold_cents INTEGER NOT NULL,
    include_council      BOOLEAN NOT NULL,
    updated_at           BIGINT NOT NULL
);
