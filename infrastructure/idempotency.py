"""Idempotency keys: a retried request gets the first answer instead of doing the work twice.

A key is first *claimed* (a row without a response), then the work runs, then the response is
stored. A concurrent retry that finds a claim in flight is told to wait; a claim whose worker
died is taken over after CLAIM_TIMEOUT. A failed request releases its claim, since it changed
nothing and the client may correct it and retry with the same key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from domain.errors import ConcurrentModificationError, IdempotencyKeyReusedError

CLAIM_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]


def request_hash(operation: str, body: Any) -> str:
    """Same operation and same body (whatever the key order) give the same hash."""
    canonical = json.dumps([operation, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def claim(self, actor_id: str, key: str, fingerprint: str) -> StoredResponse | None:
        """None if this request now owns the key; the first answer if it was a retry."""
        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute(
                "INSERT INTO idempotent_requests (actor_id, key, request_hash)"
                " VALUES (%s, %s, %s)"
                " ON CONFLICT (actor_id, key) DO UPDATE SET"
                "   request_hash = EXCLUDED.request_hash, created_at = now()"
                "   WHERE idempotent_requests.status_code IS NULL"
                "   AND idempotent_requests.created_at < now() - make_interval(secs => %s)"
                " RETURNING 1",
                (actor_id, key, fingerprint, CLAIM_TIMEOUT_SECONDS),
            ).fetchone()
            if row is not None:
                return None
            stored = conn.execute(
                "SELECT request_hash, status_code, response FROM idempotent_requests"
                " WHERE actor_id = %s AND key = %s",
                (actor_id, key),
            ).fetchone()
        if stored is None:  # released between our insert and select: the key is free again
            return self.claim(actor_id, key, fingerprint)
        first_hash, status_code, response = stored
        if first_hash != fingerprint:
            raise IdempotencyKeyReusedError(
                "This Idempotency-Key was already used for a different request; "
                "use a new key for a new request."
            )
        if status_code is None:
            raise ConcurrentModificationError(
                "A request with this Idempotency-Key is still being processed; retry shortly."
            )
        return StoredResponse(status_code, response)

    def complete(self, actor_id: str, key: str, response: StoredResponse) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "UPDATE idempotent_requests SET status_code = %s, response = %s"
                " WHERE actor_id = %s AND key = %s",
                (response.status_code, Jsonb(response.body), actor_id, key),
            )

    def release(self, actor_id: str, key: str) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "DELETE FROM idempotent_requests"
                " WHERE actor_id = %s AND key = %s AND status_code IS NULL",
                (actor_id, key),
            )
