-- Operations of the meldpunt (issue 4): terms and retention per category,
-- the organisation's calendar and thresholds, reminders sent, aggression
-- details with aftercare, and retention warnings. Nothing here holds the
-- content of a report.

-- Terms, routing and retention per organisation and category; a missing
-- row means the shipped defaults (report.DefaultSettings).
CREATE TABLE report_settings (
    org_id              TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    category            TEXT NOT NULL CHECK (category IN ('undermining', 'integrity', 'aggression', 'unsafety')),
    responsible_role    TEXT NOT NULL,
    ack_days            INTEGER NOT NULL,
    ack_working         BOOLEAN NOT NULL,
    triage_days         INTEGER NOT NULL,
    triage_working      BOOLEAN NOT NULL,
    feedback_months     INTEGER NOT NULL,
    retention_days      INTEGER NOT NULL,
    drop_retention_days INTEGER NOT NULL,
    updated_at          BIGINT NOT NULL,
    PRIMARY KEY (org_id, category)
);

-- Settings of the meldpunt as a whole: the working-day calendar, the
-- small-number threshold of the overviews, the retention warning, the
-- aftercare term and the organisatienorm (descriptions of the three bands
-- of Stop Agressie Samen; empty = the shipped text).
CREATE TABLE report_org_settings (
    org_id              TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    good_friday         BOOLEAN NOT NULL DEFAULT FALSE,
    liberation_yearly   BOOLEAN NOT NULL DEFAULT TRUE,
    small_count         INTEGER NOT NULL DEFAULT 5,
    retention_warn_days INTEGER NOT NULL DEFAULT 30,
    aftercare_hours     INTEGER NOT NULL DEFAULT 48,
    band_desired        TEXT NOT NULL DEFAULT '',
    band_acceptable     TEXT NOT NULL DEFAULT '',
    band_unacceptable   TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL
);

-- Reminders sent: at most one per report and term (ack, triage, feedback,
-- aftercare:<item>, retention).
CREATE TABLE report_reminders (
    org_id    TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    term      TEXT NOT NULL,
    sent_at   BIGINT NOT NULL,
    PRIMARY KEY (report_id, term)
);

-- The aggression details of a report (VPT): band of the organisatienorm,
-- kind, aangifte and its VPT code, seriousness; notified_at is when the
-- gemeentesecretaris was told of a serious incident (content-free).
CREATE TABLE report_aggression (
    report_id   TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    band        TEXT NOT NULL CHECK (band IN ('desired', 'acceptable', 'unacceptable')),
    kind        TEXT NOT NULL CHECK (kind IN ('verbal', 'physical', 'intimidation', 'threat', 'discrimination', 'sexual', 'property', 'other')),
    aangifte    BOOLEAN NOT NULL DEFAULT FALSE,
    vpt_code    BOOLEAN NOT NULL DEFAULT FALSE,
    serious     BOOLEAN NOT NULL DEFAULT FALSE,
    notified_at BIGINT NOT NULL DEFAULT 0,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL
);
CREATE INDEX report_aggression_org ON report_aggression (org_id);

-- The aftercare checklist of an aggression report.
CREATE TABLE report_aftercare (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    org_id    TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    item      TEXT NOT NULL CHECK (item IN ('contact', 'conversation', 'referral')),
    due_at    BIGINT NOT NULL,
    done_at   BIGINT NOT NULL DEFAULT 0,
    done_by   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, item)
);
CREATE INDEX report_aftercare_org ON report_aftercare (org_id, done_at, due_at);

-- The last reference number handed out per organisation and year, so that
-- numbering a report is one statement however many reports exist.
CREATE TABLE report_reference_seq (
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- The overviews: the handling-time histogram of one organisation, and the
-- open terms (overdue count, reminders) read from the index alone.
CREATE INDEX reports_org_decided ON reports (org_id, decided_at, received_at);
CREATE INDEX reports_open_terms ON reports (status, org_id, destroyed_at, ack_due, triage_due, feedback_due);
