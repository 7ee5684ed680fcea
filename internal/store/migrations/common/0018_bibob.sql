-- Bibob (issue 5), the core: the policy of each organisation, the
-- applications (registered or imported), screenings with their statutory
-- clocks (findings and motivation sealed with the vault) and the daily
-- reminder marks. The interventions register has its own migration.

-- One policy per organisation. types is a comma-separated list of
-- application types in scope; risk_areas one postcode or area name a line.
CREATE TABLE bibob_policies (
    org_id               TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    types                TEXT NOT NULL,
    threshold_cents      BIGINT NOT NULL,
    risk_threshold_cents BIGINT NOT NULL,
    risk_areas           TEXT NOT NULL DEFAULT '',
    window_months        INTEGER NOT NULL,
    tranche              TEXT NOT NULL,
    updated_on           TEXT NOT NULL,
    changed_by           TEXT NOT NULL,
    changed_at           BIGINT NOT NULL
);

-- Every saved version of a policy, for its history page.
CREATE TABLE bibob_policy_history (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    types                TEXT NOT NULL,
    threshold_cents      BIGINT NOT NULL,
    risk_threshold_cents BIGINT NOT NULL,
    risk_areas           TEXT NOT NULL,
    window_months        INTEGER NOT NULL,
    tranche              TEXT NOT NULL,
    updated_on           TEXT NOT NULL,
    changed_by           TEXT NOT NULL,
    changed_at           BIGINT NOT NULL
);
CREATE INDEX bibob_policy_history_org ON bibob_policy_history (org_id, changed_at);

-- applicant_key, party_keys and address_key are the normalised forms the
-- splitting detection groups on: "kvk:12345678" or "naam:…", space
-- separated for the related parties; "perceel:…" or "adres:…".
CREATE TABLE bibob_applications (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    case_number   TEXT NOT NULL,
    app_type      TEXT NOT NULL,
    applicant     TEXT NOT NULL,
    applicant_kvk TEXT NOT NULL DEFAULT '',
    applicant_key TEXT NOT NULL,
    parties       TEXT NOT NULL DEFAULT '',
    party_keys    TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    plot          TEXT NOT NULL DEFAULT '',
    address_key   TEXT NOT NULL,
    amount_cents  BIGINT NOT NULL DEFAULT 0,
    received_on   TEXT NOT NULL,
    decision_due  TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL CHECK (source IN ('hand', 'import')),
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (org_id, case_number)
);
CREATE INDEX bibob_applications_address ON bibob_applications (org_id, address_key, received_on);
CREATE INDEX bibob_applications_applicant ON bibob_applications (org_id, applicant_key);

-- One screening per application. findings, motivation and lbb_note are
-- sealed with the record key key_id. screened_by is who started it,
-- researched_by who last recorded the own research; both may not decide.
CREATE TABLE bibob_screenings (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    application_id   TEXT NOT NULL REFERENCES bibob_applications(id) ON DELETE CASCADE,
    questionnaire_on TEXT NOT NULL,
    key_id           TEXT NOT NULL,
    sources          TEXT NOT NULL DEFAULT '',
    findings         BYTES NOT NULL,
    researched_on    TEXT NOT NULL DEFAULT '',
    lbb_requested_on TEXT NOT NULL DEFAULT '',
    lbb_extension    INTEGER NOT NULL DEFAULT 0,
    lbb_advised_on   TEXT NOT NULL DEFAULT '',
    lbb_outcome      TEXT NOT NULL DEFAULT '' CHECK (lbb_outcome IN ('', 'geen_gevaar', 'mindere_mate', 'ernstig_gevaar')),
    lbb_reused_from  TEXT NOT NULL DEFAULT '',
    decision         TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'geen_gevaar', 'mindere_mate', 'ernstig_gevaar')),
    measure          TEXT NOT NULL DEFAULT '' CHECK (measure IN ('', 'geen', 'voorschriften', 'weigeren', 'intrekken')),
    motivation       BYTES NOT NULL,
    decided_on       TEXT NOT NULL DEFAULT '',
    decided_by       TEXT NOT NULL DEFAULT '',
    screened_by      TEXT NOT NULL,
    researched_by    TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (application_id)
);
CREATE INDEX bibob_screenings_org ON bibob_screenings (org_id, decided_on);

-- One content-free reminder a day per recipient.
CREATE TABLE bibob_reminders (
    org_id  TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    day     TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id, day)
);
