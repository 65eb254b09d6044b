-- Issue 18: tamper evidence. Each event row carries the hash of the row before it in the
-- log's order (notification_id) and its own hash over that, its content and its position:
--   hash = sha256(previous_hash || originator_id (16 bytes) || originator_version (8, big
--          endian) || notification_id (8) || length of topic in UTF-8 (4) || topic || state)
-- The first row's previous hash is 32 zero bytes. `pledges verify` (infrastructure/chain.py)
-- computes the same in Python.

CREATE FUNCTION pledges_event_hash(
    previous bytea, originator_id uuid, originator_version bigint, topic text, state bytea,
    event_position bigint
) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(previous || uuid_send(originator_id) || int8send(originator_version)
        || int8send(event_position) || int4send(octet_length(convert_to(topic, 'UTF8')))
        || convert_to(topic, 'UTF8') || state)
$$;

ALTER TABLE pledges_events ADD COLUMN previous_hash bytea, ADD COLUMN hash bytea;

-- The rows recorded so far, chained in order, with writers kept out meanwhile. A running
-- aggregate over the log's order makes the chain in one pass (one UPDATE, not one per row).
LOCK TABLE pledges_events IN EXCLUSIVE MODE;
CREATE FUNCTION pledges_chain_step(
    head bytea, originator_id uuid, originator_version bigint, topic text, state bytea,
    event_position bigint
) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT pledges_event_hash(coalesce(head, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea),
        originator_id, originator_version, topic, state, event_position)
$$;
CREATE AGGREGATE pledges_chain(uuid, bigint, text, bytea, bigint) (
    SFUNC = pledges_chain_step, STYPE = bytea);
UPDATE pledges_events e SET previous_hash = c.previous_hash, hash = c.hash
FROM (
    SELECT notification_id, hash, coalesce(lag(hash) OVER (ORDER BY notification_id),
        '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
        AS previous_hash
    FROM (
        SELECT notification_id, pledges_chain(originator_id, originator_version, topic, state,
            notification_id) OVER (ORDER BY notification_id) AS hash
        FROM pledges_events
    ) running
) c
WHERE e.notification_id = c.notification_id;
DROP AGGREGATE pledges_chain(uuid, bigint, text, bytea, bigint);
DROP FUNCTION pledges_chain_step(bytea, uuid, bigint, text, bytea, bigint);
-- Every row the service writes from now on has both: a write that bypasses the insert
-- function below fails instead of breaking the chain unnoticed.
ALTER TABLE pledges_events ALTER COLUMN previous_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL;

-- A command's events go in by one call of this function (infrastructure/recorder.py): the
-- table lock that orders inserts (notification ids commit in order) also orders the chain,
-- so the head read here is the last row committed, whatever number of processes write.
CREATE OR REPLACE FUNCTION pledges_events_insert(events stored_event_uuid[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$
DECLARE
    e stored_event_uuid;
    head bytea;
    pos bigint;
    next_hash bytea;
BEGIN
    SET LOCAL lock_timeout = '0s';
    LOCK TABLE pledges_events IN EXCLUSIVE MODE;
    NOTIFY pledges_events;
    SELECT t.hash INTO head FROM pledges_events t ORDER BY t.notification_id DESC LIMIT 1;
    head := coalesce(head,
        '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    FOREACH e IN ARRAY events LOOP
        pos := nextval('pledges_events_notification_id_seq');
        next_hash := pledges_event_hash(
            head, e.originator_id, e.originator_version, e.topic, e.state, pos);
        INSERT INTO pledges_events AS t (originator_id, originator_version, topic, state,
            notification_id, previous_hash, hash)
            VALUES (e.originator_id, e.originator_version, e.topic, e.state, pos, head,
                next_hash);
        head := next_hash;
        RETURN NEXT pos;
    END LOOP;
END; $BODY$;

-- Checkpoints: the head of the chain at a time, signed with the service's Ed25519 key
-- (infrastructure/audit.py), published at GET /api/audit/checkpoints.
CREATE TABLE audit_checkpoints (
    position bigint PRIMARY KEY,
    head_hash bytea NOT NULL,
    made_at timestamptz NOT NULL,
    public_key bytea NOT NULL,
    signature bytea NOT NULL
);

-- Each verification of the chain (`pledges verify`, the scheduled one): the console shows
-- the last.
CREATE TABLE audit_verifications (
    id bigserial PRIMARY KEY,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL DEFAULT now(),
    ok boolean NOT NULL,
    from_position bigint NOT NULL,
    position bigint NOT NULL,
    events bigint NOT NULL,
    problem text,
    source text NOT NULL
);
