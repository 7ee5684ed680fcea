-- The meldpunt's global throttle of receipt codes (issue 4): failed
-- attempts per minute over all lookup ids and all instances, so that
-- guessing codes stays slow however many instances serve the public
-- follow-up page. It counts attempts only: no code, no address, no
-- organisation (a wrong code names none).
CREATE TABLE report_receipt_throttle (
    minute   BIGINT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0
);
