-- Council reports, the norm-framework self-assessment and the regional
-- benchmark (issue 7, points 6, 7 and 9). docs/decisions/0024-council.md
-- explains the choices. Nothing here holds case content: a report's
-- snapshot holds aggregate figures only, with counts 1–4 already replaced.

-- A council report (raadsinformatiebrief / factsheet) for a period. While
-- concept, summary may change and the figures are computed when shown; on
-- finalising, the figures are frozen in snapshot (JSON) and nothing changes
-- any more.
CREATE TABLE council_reports (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period       TEXT NOT NULL,          -- 2026, 2026-H1 or 2026-H2
    period_start TEXT NOT NULL,          -- YYYY-MM-DD
    period_end   TEXT NOT NULL,          -- YYYY-MM-DD, inclusive
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('concept', 'definitief')),
    snapshot     TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finalised_at BIGINT NOT NULL DEFAULT 0,
    finalised_by TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, period)
);
CREATE INDEX council_reports_org ON council_reports (org_id, status, period_end);

-- Views of finalised reports by the council's own roles (griffier, raad,
-- rekenkamer): the evidence of norm 16. No user is recorded.
CREATE TABLE council_report_views (
    id        TEXT PRIMARY KEY,
    org_id    TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    report_id TEXT NOT NULL REFERENCES council_reports(id) ON DELETE CASCADE,
    viewed_at BIGINT NOT NULL
);
CREATE INDEX council_report_views_org ON council_report_views (org_id, viewed_at);

-- Every verdict the coordinator gave on a norm: confirmed (the proposal)
-- or overridden (with a motivation). The newest row per norm counts; older
-- rows are the history. evidence is the proposal and the evidence values
-- it rested on, as JSON.
CREATE TABLE council_norm_verdicts (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    norm_key   TEXT NOT NULL,
    proposed   TEXT NOT NULL CHECK (proposed IN ('behaald', 'deels', 'niet_behaald')),
    verdict    TEXT NOT NULL CHECK (verdict IN ('behaald', 'deels', 'niet_behaald')),
    motivation TEXT NOT NULL DEFAULT '',
    evidence   TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL
);
CREATE INDEX council_norm_verdicts_org ON council_norm_verdicts (org_id, norm_key, decided_at);

-- Whether an organisation takes part in the regional benchmark.
CREATE TABLE council_settings (
    org_id     TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    benchmark  BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX council_settings_benchmark ON council_settings (benchmark);
