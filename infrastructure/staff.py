"""Secretariat staff: the email addresses that may sign in to the console.

Managed on the server with `pledges staff add EMAIL`; a staff member acts as the Secretariat,
under an actor id made from the row's id (never the address), so events carry no email.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from domain.errors import InvalidPledgeError
from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.contacts import EMAIL

FIND = (
    "SELECT id, email, added_at, removed_at FROM staff"
    " WHERE lower(email) = lower(%s) AND removed_at IS NULL"
)


@dataclass(frozen=True)
class StaffMember:
    id: int
    email: str
    added_at: datetime
    removed_at: datetime | None = None

    @property
    def actor(self) -> Actor:
        return Actor(id=f"staff:{self.id}", role=Role.SECRETARIAT)


def normalise(email: str) -> str:
    email = email.strip()
    if not EMAIL.match(email) or len(email) > 254:
        raise InvalidPledgeError("email", f"{email!r} is not an email address")
    return email


class StaffStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def add(self, email: str) -> StaffMember:
        """Adds the address, or answers the live member who already has it."""
        email = normalise(email)
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE")
            with conn.cursor(row_factory=class_row(StaffMember)) as cur:
                cur.execute(FIND, (email,))
                member = cur.fetchone()
                if member is not None:
                    return member
                cur.execute(
                    "INSERT INTO staff (email) VALUES (%s)"
                    " RETURNING id, email, added_at, removed_at",
                    (email,),
                )
                member = cur.fetchone()
        if member is None:  # pragma: no cover - INSERT ... RETURNING yields its row
            raise RuntimeError("the staff member was not stored")
        return member

    def find(self, email: str) -> StaffMember | None:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(StaffMember)) as cur:
            cur.execute(FIND, (email.strip(),))
            return cur.fetchone()

    def get(self, staff_id: int) -> StaffMember | None:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(StaffMember)) as cur:
            cur.execute(
                "SELECT id, email, added_at, removed_at FROM staff WHERE id = %s", (staff_id,)
            )
            return cur.fetchone()

    def list(self) -> list[StaffMember]:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(StaffMember)) as cur:
            cur.execute(
                "SELECT id, email, added_at, removed_at FROM staff"
                " WHERE removed_at IS NULL ORDER BY id"
            )
            return cur.fetchall()

    def remove(self, email: str) -> bool:
        """Ends the address's access; its sessions end at their next request."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "UPDATE staff SET removed_at = now()"
                " WHERE lower(email) = lower(%s) AND removed_at IS NULL",
                (email.strip(),),
            )
            return cur.rowcount > 0

    def emails(self, staff_ids: Sequence[int]) -> dict[int, str]:
        """The addresses of these members, removed ones too (a history names who acted
        then): for the Secretariat's eyes only, never in an event or a public read."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT id, email FROM staff WHERE id = ANY(%s)", (list(staff_ids),)
            ).fetchall()
        return {int(row[0]): str(row[1]) for row in rows}
