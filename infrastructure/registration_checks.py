"""What guards the registration queue: rate limits, and possible duplicates.

Rate limits count attempts per key (a client's address, an email) in a sliding window; a key
is stored as a keyed hash (SessionStore.keyed), never as the address. Possible duplicates are
pledgers, or other waiting requests, of the same country whose names are similar by trigram
similarity (pg_trgm, created by the migration): a flag for the Secretariat, never a refusal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from psycopg import sql
from psycopg_pool import ConnectionPool

WINDOW = timedelta(hours=1)
SIMILAR = 0.5  # "City of Lisbon" and "Lisbon City Council": 0.55; "City of London": 0.5
DUPLICATES = """
SELECT * FROM (
  SELECT r.id, 'pledger' AS kind, p.name, p.pledger_id::text AS ref,
         similarity(lower(p.name), lower(r.organisation)) AS score
    FROM registration_requests r JOIN {pledgers} p ON p.country = r.country
   WHERE r.id = ANY(%(ids)s)
  UNION ALL
  SELECT r.id, 'request', o.organisation, o.id::text,
         similarity(lower(o.organisation), lower(r.organisation))
    FROM registration_requests r JOIN registration_requests o
      ON o.country = r.country AND o.id <> r.id AND o.state IN ('unconfirmed', 'confirmed')
   WHERE r.id = ANY(%(ids)s)
) found WHERE score >= %(similar)s ORDER BY id, score DESC
"""


@dataclass(frozen=True)
class Similar:
    """A pledger (`kind` pledger, `ref` its id) or a waiting request (`request`, its id)."""

    kind: str
    name: str
    ref: str
    score: float


class RegistrationChecks:
    def __init__(self, pool: ConnectionPool, pledgers_table: str) -> None:
        self.pool = pool
        self.duplicates_sql = sql.SQL(DUPLICATES).format(pledgers=sql.Identifier(pledgers_table))

    def attempt(self, limits: Sequence[tuple[str, int]], at: datetime | None = None) -> int | None:
        """Records an attempt under every key, each limited to its count per WINDOW; when one
        is spent, records nothing and answers the seconds until it frees (Retry-After)."""
        at = at or datetime.now(UTC)
        with self.pool.connection() as conn, conn.transaction():
            for key, _limit in sorted(limits):  # one order: two attempts never wait in a circle
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))
            conn.execute(
                "DELETE FROM registration_attempts WHERE attempted_at < %s", (at - WINDOW,)
            )
            for key, limit in limits:
                row = conn.execute(
                    "SELECT count(*), min(attempted_at) FROM registration_attempts"
                    " WHERE key_hash = %s",
                    (key,),
                ).fetchone()
                if row is not None and row[0] >= limit:
                    frees: datetime = row[1] + WINDOW
                    return max(1, math.ceil((frees - at).total_seconds()))
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO registration_attempts (key_hash, attempted_at) VALUES (%s, %s)",
                    [(key, at) for key, _limit in limits],
                )
        return None

    def similar(self, request_ids: Sequence[UUID]) -> dict[UUID, list[Similar]]:
        """For each request, the pledgers and waiting requests whose names are like its own."""
        found: dict[UUID, list[Similar]] = {}
        if not request_ids:
            return found
        with self.pool.connection() as conn:
            rows = conn.execute(
                self.duplicates_sql, {"ids": list(request_ids), "similar": SIMILAR}
            ).fetchall()
        for request_id, kind, name, ref, score in rows:
            found.setdefault(request_id, []).append(Similar(kind, name, ref, float(score)))
        return found
