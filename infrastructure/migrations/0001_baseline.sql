-- The schema as of the first numbered migration: every table the service reads or writes.
-- Safe on a database made before migrations existed (by the code up to commit f0e2b3f, which
-- made each table with IF NOT EXISTS at start-up): everything here is IF NOT EXISTS or
-- OR REPLACE, and the steps that code ran in place on older tables come along below.
-- Migrations after this one are plain: each runs once, in order (infrastructure/migrations).

-- ---- The event store: the eventsourcing library's tables, as it would make them ----------
-- (CREATE_TABLE=n: the library makes none itself; tests/integration/test_migrations.py
-- fails if its own DDL ever differs from this.)
DO $$ BEGIN
    CREATE TYPE stored_event_uuid AS (
        originator_id uuid, originator_version bigint, topic text, state bytea);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

CREATE TABLE IF NOT EXISTS pledges_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    PRIMARY KEY (originator_id, originator_version)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
CREATE UNIQUE INDEX IF NOT EXISTS pledges_events_notification_id_idx
    ON pledges_events (notification_id ASC);

CREATE TABLE IF NOT EXISTS pledges_snapshots (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    PRIMARY KEY (originator_id, originator_version)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);

-- A command's events go in by one call of this function: the library's transaction (lock,
-- NOTIFY, INSERT) as one statement, so notification ids commit in order
-- (infrastructure/recorder.py).
CREATE OR REPLACE FUNCTION pledges_events_insert(events stored_event_uuid[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ BEGIN
    SET LOCAL lock_timeout = '0s';
    LOCK TABLE pledges_events IN EXCLUSIVE MODE;
    NOTIFY pledges_events;
    RETURN QUERY INSERT INTO pledges_events AS t
        (originator_id, originator_version, topic, state)
        SELECT originator_id, originator_version, topic, state FROM unnest(events)
        RETURNING notification_id;
END; $BODY$;
-- The library's own insert function leaves that lock out; nothing calls it
-- (POSTGRES_ENABLE_DB_FUNCTIONS=n), and databases made before have it.
DROP FUNCTION IF EXISTS es_insert_events_uuid(stored_event_uuid[]);

-- ---- Tracking positions: one row per application, as the library makes them -------------
-- The '__migration__' row is the library's mark of its single-row layout: without it, the
-- library would take the table for its old layout and rebuild it.
CREATE TABLE IF NOT EXISTS pledge_summaries_tracking (
    application_name text,
    notification_id bigint,
    PRIMARY KEY (application_name)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
CREATE TABLE IF NOT EXISTS dashboard_tracking (
    application_name text,
    notification_id bigint,
    PRIMARY KEY (application_name)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
CREATE TABLE IF NOT EXISTS deadlines_tracking (
    application_name text,
    notification_id bigint,
    PRIMARY KEY (application_name)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
CREATE TABLE IF NOT EXISTS mail_outbox_tracking (
    application_name text,
    notification_id bigint,
    PRIMARY KEY (application_name)
) WITH (
    autovacuum_enabled = true,
    autovacuum_vacuum_threshold = 100000000,
    autovacuum_vacuum_scale_factor = 0.5,
    autovacuum_analyze_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01
);
INSERT INTO pledge_summaries_tracking VALUES ('__migration__', 1) ON CONFLICT DO NOTHING;
INSERT INTO dashboard_tracking VALUES ('__migration__', 1) ON CONFLICT DO NOTHING;
INSERT INTO deadlines_tracking VALUES ('__migration__', 1) ON CONFLICT DO NOTHING;
INSERT INTO mail_outbox_tracking VALUES ('__migration__', 1) ON CONFLICT DO NOTHING;

-- ---- Read models (projections/): one row per pledge, and what each view adds -------------
-- A rebuild makes its new tables from these (LIKE ... and their indexes), so they never
-- drift (projections/shadow.py).
CREATE TABLE IF NOT EXISTS pledge_summaries (
    pledge_id uuid PRIMARY KEY,
    reference text NOT NULL,
    pledger_id uuid NOT NULL,
    pledger_name text,
    category text,
    title text NOT NULL,
    description text,
    type text NOT NULL,
    forms text[] NOT NULL,
    objectives int[] NOT NULL,
    round_tables int[] NOT NULL,
    principles text[] NOT NULL,
    levels text[] NOT NULL,
    countries text[] NOT NULL,
    region text NOT NULL,
    language text NOT NULL,
    amount numeric,
    amount_text text,  -- an amount numeric cannot hold, as stored (projections/bounded.py)
    currency text,
    gcr_mirror boolean NOT NULL,
    target_count int NOT NULL,
    pledged_on date NOT NULL,
    deadline date NOT NULL,
    submitted_at timestamptz NOT NULL,
    final_status text,
    status text NOT NULL,
    percent_complete int NOT NULL,
    last_report_on date,
    reports int NOT NULL,
    matches int NOT NULL,
    partners int NOT NULL,
    partner_ids uuid[] NOT NULL,
    matched_amount numeric NOT NULL,
    fulfilled_on date,
    closed_on date,
    reminders text[] NOT NULL,
    version int NOT NULL,
    updated_at timestamptz NOT NULL
);
-- Tables made before amounts beyond numeric were kept.
ALTER TABLE pledge_summaries ADD COLUMN IF NOT EXISTS amount_text text;
CREATE TABLE IF NOT EXISTS pledge_summaries_pledgers (
    pledger_id uuid PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL,
    country text,
    gcm_champion boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS pledge_summaries_pledger ON pledge_summaries (pledger_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_status ON pledge_summaries (status, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_category ON pledge_summaries (category, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_region ON pledge_summaries (region, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_type ON pledge_summaries (type, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_deadline ON pledge_summaries (deadline, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_submitted_at
    ON pledge_summaries (submitted_at, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_updated_at ON pledge_summaries (updated_at, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_pledged_on ON pledge_summaries (pledged_on, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_percent_complete
    ON pledge_summaries (percent_complete, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_title ON pledge_summaries (title, pledge_id);
CREATE INDEX IF NOT EXISTS pledge_summaries_objectives ON pledge_summaries USING gin (objectives);
CREATE INDEX IF NOT EXISTS pledge_summaries_forms ON pledge_summaries USING gin (forms);
CREATE INDEX IF NOT EXISTS pledge_summaries_countries ON pledge_summaries USING gin (countries);
CREATE INDEX IF NOT EXISTS pledge_summaries_levels ON pledge_summaries USING gin (levels);
CREATE INDEX IF NOT EXISTS pledge_summaries_round_tables
    ON pledge_summaries USING gin (round_tables);
CREATE INDEX IF NOT EXISTS pledge_summaries_partner_ids ON pledge_summaries USING gin (partner_ids);
CREATE INDEX IF NOT EXISTS pledge_summaries_reference ON pledge_summaries (upper(reference));

-- Text search in a table of its own, written only when a pledge's words change.
CREATE TABLE IF NOT EXISTS pledge_summaries_words (
    pledge_id uuid PRIMARY KEY,
    search tsvector NOT NULL
);
-- Tables made before it had a generated `search` column: move it over (dropping the column
-- drops its index too).
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = 'pledge_summaries' AND column_name = 'search') THEN
        INSERT INTO pledge_summaries_words (pledge_id, search)
            SELECT pledge_id, search FROM pledge_summaries ON CONFLICT (pledge_id) DO NOTHING;
        ALTER TABLE pledge_summaries DROP COLUMN search;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS pledge_summaries_words_gin ON pledge_summaries_words USING gin (search);

-- The dashboard's rows and counters (changed by each event's difference).
CREATE TABLE IF NOT EXISTS dashboard_rows (
    pledge_id uuid PRIMARY KEY,
    reference text NOT NULL,
    pledger_id uuid NOT NULL,
    pledger_name text,
    category text,
    title text NOT NULL,
    type text NOT NULL,
    forms text[] NOT NULL,
    objectives int[] NOT NULL,
    round_tables int[] NOT NULL,
    principles text[] NOT NULL,
    levels text[] NOT NULL,
    countries text[] NOT NULL,
    region text NOT NULL,
    language text NOT NULL,
    amount numeric,
    currency text,
    gcr_mirror boolean NOT NULL,
    target_count int NOT NULL,
    pledged_on date NOT NULL,
    deadline date NOT NULL,
    submitted_at timestamptz NOT NULL,
    final_status text,
    status text NOT NULL,
    percent_complete int NOT NULL,
    last_report_on date,
    reports int NOT NULL,
    matches int NOT NULL,
    partners int NOT NULL,
    partner_ids uuid[] NOT NULL,
    matched_amount numeric NOT NULL,
    fulfilled_on date,
    closed_on date,
    reminders text[] NOT NULL,
    version int NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS dashboard_rows_pledgers (
    pledger_id uuid PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL,
    country text,
    gcm_champion boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS dashboard_rows_pledger ON dashboard_rows (pledger_id);
CREATE INDEX IF NOT EXISTS dashboard_rows_open_deadline
    ON dashboard_rows (deadline) WHERE final_status IS NULL;
CREATE TABLE IF NOT EXISTS dashboard_counts (
    dimension text,
    key text,
    pledges bigint NOT NULL,
    PRIMARY KEY (dimension, key)
);
CREATE TABLE IF NOT EXISTS dashboard_money (
    currency text PRIMARY KEY,
    amount numeric NOT NULL
);

-- Deadlines: what the daily scan needs to find due pledges without reading every pledge.
CREATE TABLE IF NOT EXISTS deadline_rows (
    pledge_id uuid PRIMARY KEY,
    reference text NOT NULL,
    pledger_id uuid NOT NULL,
    pledger_name text,
    category text,
    title text NOT NULL,
    type text NOT NULL,
    forms text[] NOT NULL,
    objectives int[] NOT NULL,
    round_tables int[] NOT NULL,
    principles text[] NOT NULL,
    levels text[] NOT NULL,
    countries text[] NOT NULL,
    region text NOT NULL,
    language text NOT NULL,
    amount numeric,
    currency text,
    gcr_mirror boolean NOT NULL,
    target_count int NOT NULL,
    pledged_on date NOT NULL,
    deadline date NOT NULL,
    submitted_at timestamptz NOT NULL,
    final_status text,
    status text NOT NULL,
    percent_complete int NOT NULL,
    last_report_on date,
    reports int NOT NULL,
    matches int NOT NULL,
    partners int NOT NULL,
    partner_ids uuid[] NOT NULL,
    matched_amount numeric NOT NULL,
    fulfilled_on date,
    closed_on date,
    reminders text[] NOT NULL,
    version int NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS deadline_rows_pledgers (
    pledger_id uuid PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL,
    country text,
    gcm_champion boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS deadline_rows_pledger ON deadline_rows (pledger_id);
CREATE INDEX IF NOT EXISTS deadline_rows_open_deadline
    ON deadline_rows (deadline) WHERE final_status IS NULL;
CREATE INDEX IF NOT EXISTS deadline_rows_open_report
    ON deadline_rows (last_report_on) WHERE final_status IS NULL;

-- Events a projection could not apply (projections/failures.py): a stuck read model is loud.
CREATE TABLE IF NOT EXISTS projection_failures (
    projection text PRIMARY KEY,
    position bigint NOT NULL,
    event_type text NOT NULL,
    originator_id uuid,
    reference text,
    error text NOT NULL,
    attempts int NOT NULL,
    first_at timestamptz NOT NULL DEFAULT now(),
    last_at timestamptz NOT NULL DEFAULT now()
);

-- The mail outbox (projections/outbox.py): one row per ReminderSent event, no addresses.
CREATE TABLE IF NOT EXISTS mail_outbox (
    id bigserial PRIMARY KEY,
    message_id text NOT NULL UNIQUE,
    pledge_id uuid NOT NULL,
    kind text NOT NULL,
    due_on date NOT NULL,
    position bigint NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    recipients int,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (next_attempt_at)
    WHERE status = 'pending';

-- ---- Stores outside the event store (infrastructure/) -----------------------------------
-- Personal data: contacts are never in an event, and can be erased.
CREATE TABLE IF NOT EXISTS pledger_contacts (
    id bigserial PRIMARY KEY,
    pledger_id uuid NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    phone text NOT NULL DEFAULT '',
    position text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS pledger_contacts_pledger ON pledger_contacts (pledger_id);
CREATE INDEX IF NOT EXISTS pledger_contacts_email ON pledger_contacts (lower(email));
CREATE TABLE IF NOT EXISTS contact_erasures (
    pledger_id uuid NOT NULL,
    erased_count integer NOT NULL,
    erased_at timestamptz NOT NULL DEFAULT now()
);

-- API tokens, stored hashed; any change tells every API process (api/authentication.py).
CREATE TABLE IF NOT EXISTS api_tokens (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    role text NOT NULL,
    pledger_id uuid,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE OR REPLACE FUNCTION api_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN PERFORM pg_notify('api_tokens_changed', ''); RETURN NULL; END $$;
CREATE OR REPLACE TRIGGER api_tokens_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION api_tokens_changed();

-- Answers kept for an Idempotency-Key, so a retry gets the first answer.
CREATE TABLE IF NOT EXISTS idempotent_requests (
    actor_id text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    status_code integer,
    response jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, key)
);

-- The Secretariat's staff, who sign in by email.
CREATE TABLE IF NOT EXISTS staff (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS staff_email ON staff (lower(email)) WHERE removed_at IS NULL;

-- Browser sign-in (infrastructure/sessions.py): hashes only. A pledger's link or session
-- names the contact it was mailed to (NULL in rows made before: anyone's of the pledger).
CREATE TABLE IF NOT EXISTS signin_links (
    token_hash text PRIMARY KEY,
    role text NOT NULL,
    subject text NOT NULL,
    label text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    contact_id bigint
);
CREATE TABLE IF NOT EXISTS portal_sessions (
    id_hash text PRIMARY KEY,
    role text NOT NULL,
    subject text NOT NULL,
    label text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    contact_id bigint
);
-- Tables made before contacts were recorded.
ALTER TABLE signin_links ADD COLUMN IF NOT EXISTS contact_id bigint;
ALTER TABLE portal_sessions ADD COLUMN IF NOT EXISTS contact_id bigint;
CREATE INDEX IF NOT EXISTS signin_links_subject ON signin_links (subject);
CREATE INDEX IF NOT EXISTS portal_sessions_subject ON portal_sessions (subject);
CREATE TABLE IF NOT EXISTS signin_requests (
    address_hash text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS signin_requests_address ON signin_requests (address_hash);

-- Pledge references (GCM-2026-0042) come from one sequence per year, made on the year's first
-- submission (infrastructure/references.py): they are numbers, not a shape of the schema.
