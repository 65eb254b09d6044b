"""API tokens: long random strings shown once, stored only as a SHA-256 hash.

A token is high-entropy, so a plain (unsalted) SHA-256 is enough to make a stolen table
useless, and it lets a request find its token with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from psycopg import AsyncConnection
from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from domain import bounds
from domain.errors import InvalidPledgeError
from domain.taxonomy import Role
from domain.values import Actor

PREFIX = "gcmp_"  # lets secret scanners and people recognise a leaked token
ISSUABLE_ROLES = frozenset({Role.SECRETARIAT, Role.PLEDGER})

# A trigger notifies it of any change to a token (infrastructure/migrations).
CHANNEL = "api_tokens_changed"


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    role: str
    pledger_id: UUID | None
    created_at: datetime
    revoked_at: datetime | None

    @property
    def actor(self) -> Actor:
        return cast(Actor, actor_of((self.id, self.role, self.pledger_id)))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def returned(info: TokenInfo | None) -> TokenInfo:
    if info is None:  # INSERT ... RETURNING yields the row it inserted
        raise RuntimeError("the token was not stored")
    return info


def check_request(role: Role, name: str, pledger_id: UUID | None) -> None:
    if role not in ISSUABLE_ROLES:
        raise InvalidPledgeError("role", "must be secretariat or pledger")
    bounds.text("name", name, limit=200)  # the one definition of text (domain/bounds.py)
    if (role == Role.PLEDGER) != (pledger_id is not None):
        raise InvalidPledgeError("pledger", "a pledger token names its pledger; no other does")


LOOKUP = "SELECT id, role, pledger_id FROM api_tokens WHERE token_hash = %s AND revoked_at IS NULL"


def actor_of(row: tuple[int, str, UUID | None] | None) -> Actor | None:
    """A pledger token acts as its pledger: the domain checks owners and partners by that id."""
    if row is None:
        return None
    token_id, role, pledger_id = row
    if role == Role.PLEDGER and pledger_id is not None:
        return Actor(id=str(pledger_id), role=Role.PLEDGER)
    return Actor(id=f"token:{token_id}", role=Role(role))


# For a reader on the event loop (api/authentication.py): its lookup, and the notifications
# that every change to api_tokens sends (the trigger above).
async def actor_for(conn: AsyncConnection[Any], key: str) -> Actor | None:
    """The live token whose hash is `key`, as its actor; None if unknown or revoked."""
    curs = await conn.execute(LOOKUP, (key,), prepare=True)
    return actor_of(await curs.fetchone())


async def listen_for_changes(conn: AsyncConnection[Any]) -> None:
    await conn.execute(f"LISTEN {CHANNEL}")


async def check_line(conn: AsyncConnection[Any]) -> None:
    """A quiet listening line must still be up: this fails if it is not."""
    await conn.execute("SELECT 1")


class TokenStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        # Called after this process changes a token (others hear of it by NOTIFY).
        self.on_change: list[Callable[[], None]] = []

    def create(
        self, role: Role, name: str, pledger_id: UUID | None = None
    ) -> tuple[TokenInfo, str]:
        """A new token and its plain text, which is never stored and cannot be shown again."""
        check_request(role, name, pledger_id)
        plain = PREFIX + secrets.token_urlsafe(32)
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(TokenInfo)) as cur:
            cur.execute(
                "INSERT INTO api_tokens (name, role, pledger_id, token_hash)"
                " VALUES (%s, %s, %s, %s)"
                " RETURNING id, name, role, pledger_id, created_at, revoked_at",
                (name.strip(), role.value, pledger_id, digest(plain)),
            )
            info = cur.fetchone()
        return returned(info), plain

    def create_first(self, name: str) -> tuple[TokenInfo, str] | None:
        """A Secretariat token if the table has never held one, else None (race-safe)."""
        with self.pool.connection() as conn, conn.transaction():
            # Serialises concurrent first starts so that only one of them issues a token.
            conn.execute("LOCK TABLE api_tokens IN SHARE ROW EXCLUSIVE MODE")
            if conn.execute("SELECT 1 FROM api_tokens LIMIT 1").fetchone():
                return None
            plain = PREFIX + secrets.token_urlsafe(32)
            with conn.cursor(row_factory=class_row(TokenInfo)) as cur:
                cur.execute(
                    "INSERT INTO api_tokens (name, role, token_hash)"
                    " VALUES (%s, %s, %s)"
                    " RETURNING id, name, role, pledger_id, created_at, revoked_at",
                    (name, Role.SECRETARIAT.value, digest(plain)),
                )
                info = cur.fetchone()
        return returned(info), plain

    def list(self) -> list[TokenInfo]:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(TokenInfo)) as cur:
            cur.execute(
                "SELECT id, name, role, pledger_id, created_at, revoked_at"
                " FROM api_tokens ORDER BY id"
            )
            return cur.fetchall()

    def revoke(self, token_id: int) -> bool:
        """True if the token existed and was live; revoking twice is harmless."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "UPDATE api_tokens SET revoked_at = now() WHERE id = %s AND revoked_at IS NULL",
                (token_id,),
            )
            revoked = cur.rowcount == 1
        for changed in self.on_change:
            changed()
        return revoked

    def names(self, token_ids: Sequence[int]) -> dict[int, str]:
        """The names of these tokens, revoked ones too (a history names who acted then)."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT id, name FROM api_tokens WHERE id = ANY(%s)", (list(token_ids),)
            ).fetchall()
        return {int(row[0]): str(row[1]) for row in rows}
