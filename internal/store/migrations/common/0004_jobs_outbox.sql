-- Background work shared by several `weerbaar serve` instances: recurring
-- tasks, a queue of one-off jobs and the e-mail outbox. Each row is claimed
-- with a lease (owner + until) so that exactly one instance works on it; an
-- expired lease (crashed instance) makes the row claimable again.
-- Times are BIGINT Unix milliseconds (UTC); 0 means "no lease".
-- org_id has no foreign key: queued work must not block or silently vanish
-- with an organisation, and platform jobs may have no organisation ('').
CREATE TABLE job_schedule (
    name         TEXT PRIMARY KEY,
    every_ms     BIGINT NOT NULL,
    next_run_at  BIGINT NOT NULL,
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  BIGINT NOT NULL DEFAULT 0,
    last_run_at  BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT ''
);

-- payload is JSON with identifiers only, never case content.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    org_id       TEXT NOT NULL DEFAULT '',
    payload      TEXT NOT NULL,
    run_at       BIGINT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  BIGINT NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    done_at      BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
CREATE INDEX jobs_org ON jobs (org_id, created_at);

-- Notifications are content-free: subject and body say that something needs
-- attention and link to the application, never what a case is about.
CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL,
    to_addr      TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    send_after   BIGINT NOT NULL,
    sent_at      BIGINT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox (send_after) WHERE sent_at IS NULL;
CREATE INDEX outbox_org ON outbox (org_id, created_at);
