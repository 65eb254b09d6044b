"""Tables outside the event store: personal data, sequences, and service bookkeeping."""

from __future__ import annotations

from psycopg_pool import ConnectionPool

# Serialises DDL across processes that start at the same time.
SCHEMA_LOCK_KEY = 7_262_001

DDL = [
    """CREATE TABLE IF NOT EXISTS pledger_contacts (
        id bigserial PRIMARY KEY,
        pledger_id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        phone text NOT NULL DEFAULT '',
        position text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now())""",
    "CREATE INDEX IF NOT EXISTS pledger_contacts_pledger ON pledger_contacts (pledger_id)",
    "CREATE INDEX IF NOT EXISTS pledger_contacts_email ON pledger_contacts (lower(email))",
    """CREATE TABLE IF NOT EXISTS contact_erasures (
        pledger_id uuid NOT NULL,
        erased_count integer NOT NULL,
        erased_at timestamptz NOT NULL DEFAULT now())""",
]


def create_schema(pool: ConnectionPool, extra: list[str] | None = None) -> None:
    with pool.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
        for statement in [*DDL, *(extra or [])]:
            conn.execute(statement)
