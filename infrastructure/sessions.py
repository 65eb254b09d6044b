"""Browser sign-in: one-time links, sessions and the per-address rate limit.

Only hashes are stored: of a link's token, of a session's id, and (keyed with the secret) of
an address that asked for a link, so none of these tables is useful to someone who reads it.
A link works once and for LINK_LIFETIME; a session ends at SESSION_LIFETIME or on sign-out.
A pledger's link or session names the contact it was mailed to (its row id, not its address),
so that removing that contact ends its access at once and no one else's (end_access). A link
may lead somewhere once used (a reminder's opens the pledge's report form): a path of this
site, written by the service, never taken from a request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from psycopg import Connection, sql
from psycopg_pool import ConnectionPool

from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.tokens import digest

LINK_LIFETIME = timedelta(minutes=30)
SESSION_LIFETIME = timedelta(hours=8)
RATE_WINDOW = timedelta(minutes=15)
RATE_MAX = 3  # link requests per address per window
LINKS, SESSIONS = "signin_links", "portal_sessions"
# What issue_link hands out: secrets.token_urlsafe(32), 32 bytes as unpadded base64url.
LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# A pledger's row is written only while its contact exists. FOR SHARE orders it against an
# erasure: one waits for the other, so an erasure never misses a link or session made meanwhile.
INSERT = "INSERT INTO {} ({}, role, subject, label, expires_at) VALUES (%s, %s, %s, %s, %s)"
INSERT_FOR_CONTACT = (
    "INSERT INTO {} ({}, role, subject, label, expires_at, contact_id)"
    " SELECT %s, %s, %s, %s, %s, id FROM pledger_contacts"
    " WHERE id = %s AND pledger_id = %s::uuid FOR SHARE"
)
# Many pledgers' links at once (the day's reminders), each only while its contact exists.
INSERT_LINKS = (
    "INSERT INTO signin_links"
    " (token_hash, role, subject, label, expires_at, contact_id, destination)"
    " SELECT t.hash, 'pledger', t.subject, t.label, %s, c.id, t.destination"
    " FROM unnest(%s::text[], %s::text[], %s::text[], %s::bigint[], %s::text[])"
    "  AS t(hash, subject, label, contact, destination)"
    " JOIN pledger_contacts c ON c.id = t.contact AND c.pledger_id = t.subject::uuid"
    " FOR SHARE OF c RETURNING token_hash"
)
# Where a link may lead: a path of this site ("//host" and "/\host" would leave it).
DESTINATION = re.compile(r"/(?![/\\])[\x21-\x7e]{0,300}")
END_ACCESS = (
    "DELETE FROM {} WHERE role = 'pledger' AND subject = %s"
    " AND (%s OR contact_id IS NULL OR contact_id = ANY(%s))"
)


@dataclass(frozen=True)
class Identity:
    """Who a link or session signs in: a pledger (subject = its id) or a staff member."""

    role: Role
    subject: str
    label: str
    contact: int | None = None  # a pledger's: the pledger_contacts row the link was mailed to

    @property
    def actor(self) -> Actor:
        if self.role == Role.PLEDGER:
            return Actor(id=self.subject, role=Role.PLEDGER)
        return Actor(id=f"staff:{self.subject}", role=Role.SECRETARIAT)


@dataclass(frozen=True)
class UsedLink:
    identity: Identity
    destination: str | None  # where the link leads once used; None: the person's home page


def checked_destination(path: str | None) -> str | None:
    if path is not None and DESTINATION.fullmatch(path) is None:
        raise ValueError(f"a link leads to a path of this site, not {path[:80]!r}")
    return path


def now() -> datetime:
    return datetime.now(UTC)


def insert(conn: Connection, table: str, key: str, identity: Identity, expires: datetime) -> bool:
    """A link's or session's row; False when it is a pledger's whose contact is gone."""
    key_column = "id_hash" if table == SESSIONS else "token_hash"
    names = (sql.Identifier(table), sql.Identifier(key_column))
    values = (key, identity.role.value, identity.subject, identity.label, expires)
    if identity.role != Role.PLEDGER:
        return conn.execute(sql.SQL(INSERT).format(*names), values).rowcount == 1
    query = sql.SQL(INSERT_FOR_CONTACT).format(*names)
    return conn.execute(query, (*values, identity.contact, identity.subject)).rowcount == 1


def end_access(conn: Connection, pledger_id: str, contacts: list[int] | None = None) -> None:
    """Ends the sessions and unused links of these contacts of the pledger (None: of all of
    them), in the caller's transaction: the one that removes the contacts."""
    for table in (SESSIONS, LINKS):
        query = sql.SQL(END_ACCESS).format(sql.Identifier(table))
        conn.execute(query, (pledger_id, contacts is None, contacts or []))


class SessionStore:
    def __init__(self, pool: ConnectionPool, secret: str) -> None:
        self.pool = pool
        self.secret = secret.encode()

    def keyed(self, purpose: str, value: str) -> str:
        message = f"{purpose}:{value}".encode("utf-8", "surrogatepass")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def csrf_token(self, browser_value: str) -> str:
        """The CSRF token of a session (or pre-session) cookie: derived, never stored."""
        return self.keyed("csrf", browser_value)

    def allow_request(self, email: str, at: datetime | None = None) -> bool:
        """Records a link request; False when the address asked too often (known or not)."""
        address = self.keyed("address", email.strip().lower())
        at = at or now()
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (address,))
            conn.execute("DELETE FROM signin_requests WHERE requested_at < %s", (at - RATE_WINDOW,))
            row = conn.execute(
                "SELECT count(*) FROM signin_requests WHERE address_hash = %s", (address,)
            ).fetchone()
            if row is not None and row[0] >= RATE_MAX:
                return False
            conn.execute(
                "INSERT INTO signin_requests (address_hash, requested_at) VALUES (%s, %s)",
                (address, at),
            )
        return True

    @staticmethod
    def is_link_token(token: str) -> bool:
        """Whether the token has the shape of one issue_link makes (it may still be unknown)."""
        return LINK_TOKEN.fullmatch(token) is not None

    def issue_link(self, identity: Identity, destination: str | None = None) -> str | None:
        """A new link's token, leading to `destination` (a path of this site) once used;
        None for a pledger's contact erased meanwhile."""
        token = secrets.token_urlsafe(32)
        with self.pool.connection() as conn:
            # First the row (and its contact's lock), then the clean-up: the order an
            # erasure takes its locks in, so the two never wait for each other in a circle.
            if not insert(conn, LINKS, digest(token), identity, now() + LINK_LIFETIME):
                return None
            if destination is not None:
                conn.execute(
                    "UPDATE signin_links SET destination = %s WHERE token_hash = %s",
                    (checked_destination(destination), digest(token)),
                )
            conn.execute("DELETE FROM signin_links WHERE expires_at < now() - interval '1 day'")
        return token

    def issue_links(
        self, wanted: list[tuple[Identity, str]], lifetime: timedelta
    ) -> list[str | None]:
        """Pledgers' links, each leading to its path once used, made in one statement; None
        for a contact erased meanwhile."""
        tokens = [secrets.token_urlsafe(32) for _ in wanted]
        hashes = [digest(token) for token in tokens]
        columns = (
            hashes,
            [identity.subject for identity, _path in wanted],
            [identity.label for identity, _path in wanted],
            [identity.contact for identity, _path in wanted],
            [checked_destination(path) for _identity, path in wanted],
        )
        with self.pool.connection() as conn:
            made = {row[0] for row in conn.execute(INSERT_LINKS, (now() + lifetime, *columns))}
            conn.execute("DELETE FROM signin_links WHERE expires_at < now() - interval '1 day'")
        return [token if h in made else None for token, h in zip(tokens, hashes, strict=True)]

    def consume_link(self, token: str) -> UsedLink | None:
        """The link's identity and destination, once: a used, expired or unknown link is
        None."""
        if not self.is_link_token(token):
            return None
        with self.pool.connection() as conn:
            row = conn.execute(
                "UPDATE signin_links SET used_at = now() WHERE token_hash = %s"
                " AND used_at IS NULL AND expires_at > now()"
                " RETURNING role, subject, label, contact_id, destination",
                (digest(token),),
            ).fetchone()
        if row is None:
            return None
        destination = row[4] if row[4] and DESTINATION.fullmatch(row[4]) else None
        return UsedLink(Identity(Role(row[0]), row[1], row[2], row[3]), destination)

    def open_session(self, identity: Identity) -> tuple[str, datetime] | None:
        """A new session's id and end; None for a pledger's contact erased meanwhile."""
        session_id = secrets.token_urlsafe(32)
        expires = now() + SESSION_LIFETIME
        with self.pool.connection() as conn:
            if not insert(conn, SESSIONS, digest(session_id), identity, expires):
                return None
            conn.execute("DELETE FROM portal_sessions WHERE expires_at < now()")
        return session_id, expires

    def session(self, session_id: str) -> Identity | None:
        if not session_id or len(session_id) > 100:
            return None
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT role, subject, label, contact_id FROM portal_sessions"
                " WHERE id_hash = %s AND expires_at > now()",
                (digest(session_id),),
            ).fetchone()
        return Identity(Role(row[0]), row[1], row[2], row[3]) if row else None

    def close(self, session_id: str) -> None:
        with self.pool.connection() as conn:
            conn.execute("DELETE FROM portal_sessions WHERE id_hash = %s", (digest(session_id),))
