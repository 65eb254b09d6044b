-- Issue 15: reminders that lead somewhere, gathered in one digest per address and day.

-- A sign-in link may lead to a page of this site once used (a reminder's: the pledge's
-- report form). Only the service writes it; a path of this site, never an address.
ALTER TABLE signin_links ADD COLUMN destination text;

-- mail_outbox is now one row per notified event (a reminder, a lapse, a reinstatement):
-- `message_id` stays its unique key (a reminder's key is the Message-ID it had before), the
-- digests below are what is mailed. Its statuses: pending (waiting for the day's digest),
-- in_digest, sent, no_recipients, obsolete (the pledge changed before the digest went).
-- One digest per address and day, composed once the day's scan is done: which notices it
-- covers and the contacts (one per pledger, never an address) it goes to.
CREATE TABLE mail_digests (
    id bigserial PRIMARY KEY,
    day date NOT NULL,
    contact_ids bigint[] NOT NULL,
    notices bigint[] NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
CREATE INDEX mail_digests_due ON mail_digests (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_digests_notices ON mail_digests USING gin (notices);

-- The days whose digests were composed: once each, whatever number of mailers run.
CREATE TABLE mail_days (
    day date PRIMARY KEY,
    digests int NOT NULL,
    composed_at timestamptz NOT NULL DEFAULT now()
);

-- Each day's deadline scan, once done, and the last event it recorded: the day's digests
-- wait for it, and for the outbox to have read that far, so they miss none of its notices.
CREATE TABLE deadline_scans (
    day date PRIMARY KEY,
    position bigint NOT NULL,
    lapsed int NOT NULL,
    reminders int NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now()
);
