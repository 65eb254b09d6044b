-- Issue 15: organisations ask to pledge (registration requests), and contacts' languages.

-- Similar names (possible duplicates) are found by trigram similarity, among the pledgers and
-- requests of one country: few enough to compare without an index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A request's focal point (name, email, position) is personal data: it is kept only while the
-- request waits. Once approved (it is then the pledger's contact) or refused, those columns are
-- emptied; what stays is what the audit needs: the organisation as it asked, the language, who
-- decided what and when, and the refusal's reason. Never an address.
-- States: unconfirmed (the email not yet confirmed), confirmed (in the Secretariat's queue),
-- approved, refused. Unconfirmed requests whose link has expired are deleted.
CREATE TABLE registration_requests (
    id uuid PRIMARY KEY,
    state text NOT NULL DEFAULT 'unconfirmed',
    organisation text NOT NULL,
    category text NOT NULL,
    country text NOT NULL,
    language text NOT NULL,
    contact_name text,
    email text,
    position text,
    confirm_hash text UNIQUE,
    confirm_expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    decided_at timestamptz,
    decided_by text,
    reason text,
    pledger_id uuid
);
CREATE INDEX registration_requests_waiting ON registration_requests (confirmed_at)
    WHERE state = 'confirmed';
CREATE INDEX registration_requests_country ON registration_requests (country)
    WHERE state IN ('unconfirmed', 'confirmed');

-- Who asked, and how often (rate limits): keyed hashes of a client's address or an email,
-- never the address itself.
CREATE TABLE registration_attempts (
    key_hash text NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registration_attempts_key ON registration_attempts (key_hash, attempted_at);

-- The Secretariat's daily mail of what waits: once a day, whatever number of schedulers run.
CREATE TABLE registration_digests (
    day date PRIMARY KEY,
    waiting int NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now()
);

-- The language a contact's mails are written in (en, fr, es), as the contact chose it (on
-- registration, or as a colleague); NULL: not chosen, mails follow their pledges' language.
ALTER TABLE pledger_contacts ADD COLUMN IF NOT EXISTS language text;
