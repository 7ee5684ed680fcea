-- Envelope encryption (package vault): master key -> organisation key
-- (versioned) -> record key. Only wrapped keys are stored; the master key
-- never is. Organisation keys have no foreign key to organisations because
-- the "_system" owner (secrets of no organisation, such as TOTP secrets) is
-- not an organisation.

-- vault_meta holds the canary: a known value sealed under the master key, so
-- that starting with the wrong key is refused before anything is written.
CREATE TABLE vault_meta (
    name          TEXT PRIMARY KEY,
    master_key_id TEXT NOT NULL,
    sealed        BYTES NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Old versions stay after a rotation: a record key wrapped by a concurrent
-- writer under the previous version must still open.
CREATE TABLE vault_org_keys (
    org_id     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    wrapped    BYTES NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, version)
);

-- A shredded record key keeps its row as a tombstone: wrapped and
-- org_key_version become NULL and destroyed_at records when.
CREATE TABLE vault_record_keys (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL,
    org_key_version INTEGER,
    wrapped         BYTES,
    created_at      BIGINT NOT NULL,
    destroyed_at    BIGINT,
    FOREIGN KEY (org_id, org_key_version) REFERENCES vault_org_keys (org_id, version)
);
CREATE INDEX vault_record_keys_org ON vault_record_keys (org_id, org_key_version);
