-- The rest of the process register (issue 3): what a process is about and
-- when it is reviewed, the circumstances that make it vulnerable, its
-- vulnerabilities with their risk scores, the controls against them, the
-- log of reviews and changes with their reasons, the organisation's risk
-- matrix and the treatment decisions with the snapshot they were taken on.

ALTER TABLE processes ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- review_months is the review cycle; review_due the date ('YYYY-MM-DD') of
-- the next review, '' until the first is planned; reviewed_on the last.
ALTER TABLE processes ADD COLUMN review_months INTEGER NOT NULL DEFAULT 12;
ALTER TABLE processes ADD COLUMN review_due TEXT NOT NULL DEFAULT '';
ALTER TABLE processes ADD COLUMN reviewed_on TEXT NOT NULL DEFAULT '';
-- position orders a process's steps as the team put them.
ALTER TABLE steps ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- Circumstances (DOMAIN.md §2) per process: category is one of position,
-- person_type, way_of_working, external; code a catalogue code or an own
-- short label.
CREATE TABLE process_circumstances (
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    process_id TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    category   TEXT NOT NULL CHECK (category IN ('position', 'person_type', 'way_of_working', 'external')),
    code       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, process_id, category, code)
);

-- A vulnerability of a process (optionally of one step), classified on the
-- three axes and scored on the organisation's matrix: inherent before the
-- controls, residual after them (0 = not scored yet).
CREATE TABLE vulnerabilities (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    process_id          TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    step_id             TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    origin              TEXT NOT NULL CHECK (origin IN ('internal', 'external')),
    intent              TEXT NOT NULL CHECK (intent IN ('intended', 'unintended')),
    factor              TEXT NOT NULL CHECK (factor IN ('system', 'human')),
    inherent_likelihood INTEGER NOT NULL DEFAULT 0,
    inherent_impact     INTEGER NOT NULL DEFAULT 0,
    residual_likelihood INTEGER NOT NULL DEFAULT 0,
    residual_impact     INTEGER NOT NULL DEFAULT 0,
    -- treatment is the approved treatment ('' none yet): mitigate, accept,
    -- avoid, transfer; the decision history is in risk_decisions.
    treatment           TEXT NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX vulnerabilities_process ON vulnerabilities (org_id, process_id);

-- A control (beheersmaatregel) against a vulnerability of a process.
-- owner_id is a user of the organisation ('' unassigned); action_id the
-- action in the programme's list that follows it up ('' none).
CREATE TABLE controls (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    process_id       TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    vulnerability_id TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('planned', 'in_place', 'tested')),
    evidence         TEXT NOT NULL DEFAULT '',
    owner_id         TEXT NOT NULL DEFAULT '',
    due_date         TEXT NOT NULL DEFAULT '',
    tested_on        TEXT NOT NULL DEFAULT '',
    action_id        TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX controls_process ON controls (org_id, process_id);

-- Every change to a process's register entry and every periodic review,
-- with the reason the person gave. The audit log holds the same facts for
-- tamper evidence; this table is what the register page shows.
CREATE TABLE register_changes (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    process_id  TEXT NOT NULL REFERENCES processes(id) ON DELETE CASCADE,
    -- seq orders the lines of one process, also within a millisecond.
    seq         BIGINT NOT NULL,
    at          BIGINT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_label TEXT NOT NULL,
    change      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX register_changes_process ON register_changes (org_id, process_id, seq);

-- The organisation's risk matrix; no row means the default 5 × 5.
-- likelihood_labels and impact_labels are JSON arrays of strings, lowest
-- first; thresholds is a JSON array of the lowest score (likelihood ×
-- impact) of medium and of high; approver_role is the role that approves
-- treatment decisions.
CREATE TABLE risk_matrices (
    org_id            TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    likelihood_labels TEXT NOT NULL,
    impact_labels     TEXT NOT NULL,
    thresholds        TEXT NOT NULL,
    approver_role     TEXT NOT NULL,
    updated_at        BIGINT NOT NULL
);

-- A treatment decision about a vulnerability: proposed, then approved or
-- rejected by the matrix's approver role. snapshot is JSON of the
-- vulnerability, its scores and controls at the moment of the proposal.
CREATE TABLE risk_decisions (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    vulnerability_id TEXT NOT NULL REFERENCES vulnerabilities(id) ON DELETE CASCADE,
    treatment        TEXT NOT NULL CHECK (treatment IN ('mitigate', 'accept', 'avoid', 'transfer')),
    motivation       TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected')),
    proposed_by      TEXT NOT NULL,
    proposed_at      BIGINT NOT NULL,
    decided_by       TEXT NOT NULL DEFAULT '',
    decided_at       BIGINT NOT NULL DEFAULT 0,
    decision_note    TEXT NOT NULL DEFAULT '',
    snapshot         TEXT NOT NULL
);
CREATE INDEX risk_decisions_vulnerability ON risk_decisions (org_id, vulnerability_id, proposed_at);
CREATE INDEX risk_decisions_open ON risk_decisions (org_id, status);

-- Conflict rules of the organisation for the duty analysis. No rows means
-- the shipped defaults (DOMAIN.md §3); an organisation that edits its rules
-- gets the defaults copied in first, so the table then holds them all.
CREATE TABLE conflict_rules (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    code_a      TEXT NOT NULL,
    code_b      TEXT NOT NULL,
    same_object BOOLEAN NOT NULL DEFAULT FALSE,
    risk        TEXT NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
    name        TEXT NOT NULL,
    rationale   TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX conflict_rules_org ON conflict_rules (org_id, id);

-- A finding accepted with a mitigating control, under an owner (a user of
-- the organisation), until a day (included). finding_key is duty.Finding's
-- Key. A mitigation is never deleted; a newer one for the same key wins.
CREATE TABLE duty_mitigations (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    finding_key TEXT NOT NULL,
    control     TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    action_id   TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX duty_mitigations_org ON duty_mitigations (org_id, finding_key, created_at);
