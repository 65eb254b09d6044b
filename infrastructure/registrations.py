"""Registration requests: an organisation asks to pledge; the Secretariat approves or refuses.

A request is written `unconfirmed` with the hash of its confirmation link's token (only the
hash, as sign-in links are); the link works once and for CONFIRM_LIFETIME, and makes it
`confirmed`: only then does the Secretariat's queue show it. The focal point's details are
personal data kept only while the request waits: approving moves them to the pledger's
contacts, refusing drops them, and an unconfirmed request is deleted once its link expired.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from psycopg import sql
from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from infrastructure.registration_digests import RegistrationDigests
from infrastructure.sessions import LINK_TOKEN
from infrastructure.tokens import digest

CONFIRM_LIFETIME = timedelta(hours=24)
COLUMNS = sql.SQL(
    "id, state, organisation, category, country, language, contact_name, email, position,"
    " created_at, confirmed_at, decided_at, decided_by, reason, pledger_id"
)
WAITING = sql.SQL(
    "SELECT {} FROM registration_requests WHERE id = %s AND state = 'confirmed' FOR UPDATE"
).format(COLUMNS)
# A decision keeps no personal data: the focal point's details go (see the migration).
DECIDED = sql.SQL(
    "UPDATE registration_requests SET state = %s, decided_at = now(), decided_by = %s,"
    " pledger_id = %s, reason = %s,"
    " contact_name = NULL, email = NULL, position = NULL, confirm_hash = NULL WHERE id = %s"
)


@dataclass(frozen=True)
class RequestIn:
    organisation: str
    category: str
    country: str
    language: str
    contact_name: str
    email: str
    position: str


@dataclass(frozen=True)
class Request:
    id: UUID
    state: str
    organisation: str
    category: str
    country: str
    language: str
    contact_name: str | None
    email: str | None
    position: str | None
    created_at: datetime
    confirmed_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None
    pledger_id: UUID | None


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation link found: `confirmed` (now), `used`, `expired` or `unknown`."""

    outcome: str
    request: Request | None = None


class RegistrationStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        self.digests = RegistrationDigests(pool)

    def submit(self, wanted: RequestIn) -> tuple[UUID, str]:
        """A new unconfirmed request and its confirmation token (never stored as such)."""
        token, request_id = secrets.token_urlsafe(32), uuid4()
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO registration_requests (id, organisation, category, country,"
                " language, contact_name, email, position, confirm_hash, confirm_expires_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, now() + %s)",
                (
                    request_id,
                    wanted.organisation,
                    wanted.category,
                    wanted.country,
                    wanted.language,
                    wanted.contact_name,
                    wanted.email,
                    wanted.position,
                    digest(token),
                    CONFIRM_LIFETIME,
                ),
            )
            # Never confirmed: nothing to audit, and personal data to let go of.
            conn.execute(
                "DELETE FROM registration_requests WHERE state = 'unconfirmed'"
                " AND confirm_expires_at < now() - interval '1 day'"
            )
        return request_id, token

    def confirm(self, token: str) -> Confirmation:
        if LINK_TOKEN.fullmatch(token) is None:
            return Confirmation("unknown")
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Request)) as cur:
            cur.execute(
                sql.SQL(
                    "UPDATE registration_requests SET state = 'confirmed', confirmed_at = now()"
                    " WHERE confirm_hash = %s AND state = 'unconfirmed'"
                    " AND confirm_expires_at > now() RETURNING {}"
                ).format(COLUMNS),
                (digest(token),),
            )
            done = cur.fetchone()
            if done is not None:
                return Confirmation("confirmed", done)
            row = conn.execute(
                "SELECT state FROM registration_requests WHERE confirm_hash = %s",
                (digest(token),),
            ).fetchone()
        if row is None:
            return Confirmation("unknown")
        return Confirmation("expired" if row[0] == "unconfirmed" else "used")

    def get(self, request_id: UUID) -> Request | None:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Request)) as cur:
            query = sql.SQL("SELECT {} FROM registration_requests WHERE id = %s").format(COLUMNS)
            cur.execute(query, (request_id,))
            return cur.fetchone()

    def listed(self, state: str, limit: int = 200) -> list[Request]:
        """Requests in this state: waiting ones the longest waiting first, decided ones the
        latest decided first."""
        order = "decided_at DESC" if state in ("approved", "refused") else "confirmed_at"
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Request)) as cur:
            cur.execute(
                sql.SQL(
                    "SELECT {} FROM registration_requests WHERE state = %s ORDER BY {}, id LIMIT %s"
                ).format(COLUMNS, sql.SQL(order)),
                (state, limit),
            )
            return cur.fetchall()

    def approve(
        self, request_id: UUID, decided_by: str, register: Callable[[Request], UUID]
    ) -> tuple[Request, UUID, int] | None:
        """Registers the pledger (`register`, the application's own path) and makes the focal
        point its contact, then forgets the request's copy of them; the request as it was and
        the new pledger's and contact's ids, or None when it is not waiting."""
        with self.pool.connection() as conn, conn.transaction():
            with conn.cursor(row_factory=class_row(Request)) as cur:
                # Locked: a second approval waits, then finds it decided.
                cur.execute(WAITING, (request_id,))
                found = cur.fetchone()
            if found is None:
                return None
            pledger_id = register(found)
            row = conn.execute(
                "INSERT INTO pledger_contacts (pledger_id, name, email, position, language)"
                " VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (pledger_id, found.contact_name, found.email, found.position or "", found.language),
            ).fetchone()
            conn.execute(DECIDED, ("approved", decided_by, pledger_id, None, request_id))
        assert row is not None  # noqa: S101 - INSERT ... RETURNING yields its row
        return found, pledger_id, int(row[0])

    def refuse(self, request_id: UUID, decided_by: str, reason: str) -> Request | None:
        """The request as it was (to mail the refusal to), or None when it is not waiting."""
        with self.pool.connection() as conn, conn.transaction():
            with conn.cursor(row_factory=class_row(Request)) as cur:
                cur.execute(WAITING, (request_id,))
                found = cur.fetchone()
            if found is not None:
                conn.execute(DECIDED, ("refused", decided_by, None, reason, request_id))
        return found
