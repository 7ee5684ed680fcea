-- The register of administrative interventions (issue 5, point 6) and the
-- optional Open Zaak link (point 8).
--
-- An intervention is one dated administrative act: a Bibob-toets, an
-- LBB-advies, an integrale controle, a closure, a last onder dwangsom,
-- bestuursdwang or a warning. year is the year of occurred_on, kept as a
-- number so that the year × type table is one grouped count on an index.
-- screening_ref is a free reference (a screening or application number),
-- not a foreign key: the register also holds interventions from before
-- the system existed. note is sealed with the record key key_id.
CREATE TABLE interventions (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    occurred_on    TEXT NOT NULL,
    year           INTEGER NOT NULL,
    legal_basis    TEXT NOT NULL,
    object_address TEXT NOT NULL,
    business_name  TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL DEFAULT '',
    screening_ref  TEXT NOT NULL DEFAULT '',
    key_id         TEXT NOT NULL,
    note           BYTES NOT NULL,
    source         TEXT NOT NULL DEFAULT 'hand',
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX interventions_figures ON interventions (org_id, year, kind);
CREATE INDEX interventions_list ON interventions (org_id, occurred_on, id);

-- Every edit of an intervention keeps who changed which fields and why.
CREATE TABLE intervention_changes (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    intervention_id TEXT NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    fields          TEXT NOT NULL,
    reason          TEXT NOT NULL,
    changed_by      TEXT NOT NULL,
    changed_at      BIGINT NOT NULL
);
CREATE INDEX intervention_changes_of ON intervention_changes (org_id, intervention_id, changed_at);

-- The Open Zaak (ZGW Zaken API) link of an organisation; off unless
-- enabled. secret is the JWT client secret, sealed with key_id.
CREATE TABLE zaak_settings (
    org_id              TEXT PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    enabled             BOOLEAN NOT NULL DEFAULT FALSE,
    base_url            TEXT NOT NULL DEFAULT '',
    zaaktype_url        TEXT NOT NULL DEFAULT '',
    client_id           TEXT NOT NULL DEFAULT '',
    rsin                TEXT NOT NULL DEFAULT '',
    key_id              TEXT NOT NULL DEFAULT '',
    secret              BYTES,
    updated_by          TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL DEFAULT 0
);

-- Zaken created in Open Zaak for an object of the Bibob capability (an
-- intervention, or a screening by reference).
CREATE TABLE zaak_links (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    object_type  TEXT NOT NULL,
    object_ref   TEXT NOT NULL,
    zaak_url     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX zaak_links_of ON zaak_links (org_id, object_type, object_ref);
