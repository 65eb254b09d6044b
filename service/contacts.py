"""Contacts are personal data: an ordinary table keyed by pledger, never in an event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from domain import bounds
from domain.errors import InvalidPledgeError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    position: str = ""
    phone: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("name", "email", "position", "phone"):  # text PostgreSQL can store
            bounds.text(f"contacts.{name}", getattr(self, name), limit=300, required=False)
        if not self.name.strip():
            raise InvalidPledgeError("contacts.name", "must not be empty")
        if not EMAIL.match(self.email) or len(self.email) > 254:
            raise InvalidPledgeError("contacts.email", f"{self.email!r} is not an email address")


class ContactStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def add(self, pledger_id: UUID, contacts: list[Contact]) -> None:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO pledger_contacts (pledger_id, name, email, position, phone)"
                " VALUES (%s, %s, %s, %s, %s)",
                [(pledger_id, c.name, c.email, c.position, c.phone) for c in contacts],
            )

    def list(self, pledger_id: UUID) -> list[Contact]:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Contact)) as cur:
            cur.execute(
                "SELECT id, name, email, position, phone FROM pledger_contacts"
                " WHERE pledger_id = %s ORDER BY id",
                (pledger_id,),
            )
            return cur.fetchall()

    def erase(self, pledger_id: UUID) -> int:
        """Delete every contact of a pledger for good; keep only the count and the time."""
        with self.pool.connection() as conn, conn.transaction():
            cur = conn.execute("DELETE FROM pledger_contacts WHERE pledger_id = %s", (pledger_id,))
            conn.execute(
                "INSERT INTO contact_erasures (pledger_id, erased_count) VALUES (%s, %s)",
                (pledger_id, cur.rowcount),
            )
            return cur.rowcount

    def update(self, pledger_id: UUID, contact_id: int, contact: Contact) -> bool:
        """Change one contact of this pledger; False if it has no such contact."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "UPDATE pledger_contacts SET name = %s, email = %s, position = %s, phone = %s"
                " WHERE id = %s AND pledger_id = %s",
                (
                    contact.name,
                    contact.email,
                    contact.position,
                    contact.phone,
                    contact_id,
                    pledger_id,
                ),
            )
            return cur.rowcount == 1

    def remove(self, pledger_id: UUID, contact_id: int) -> bool:
        """Delete one contact of this pledger for good; False if it has no such contact."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "DELETE FROM pledger_contacts WHERE id = %s AND pledger_id = %s",
                (contact_id, pledger_id),
            )
            return cur.rowcount == 1

    def counts(self) -> dict[UUID, int]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT pledger_id, count(*) FROM pledger_contacts GROUP BY pledger_id"
            ).fetchall()
        return dict(rows)
