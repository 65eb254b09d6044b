"""Contacts are personal data: an ordinary table keyed by pledger, never in an event.

Removing a contact (or changing its address) also ends that person's portal access in the same
transaction, and removes the mail files addressed to the address it held.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from domain import bounds
from domain.errors import InvalidPledgeError
from infrastructure.mail_files import remove_mail_to
from infrastructure.sessions import end_access

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
Contacts = list["Contact"]
SELECT = "SELECT pledger_id, id, name, email, position, phone FROM pledger_contacts"


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    position: str = ""
    phone: str = ""
    id: int | None = None
    language: str = "en"  # of the mails written to the contact (en, fr, es)

    def __post_init__(self) -> None:
        for name in ("name", "email", "position", "phone"):  # text PostgreSQL can store
            bounds.text(f"contacts.{name}", getattr(self, name), limit=300, required=False)
        if not self.name.strip():
            raise InvalidPledgeError("contacts.name", "must not be empty")
        if not EMAIL.match(self.email) or len(self.email) > 254:
            raise InvalidPledgeError("contacts.email", f"{self.email!r} is not an email address")


class ContactStore:
    def __init__(self, pool: ConnectionPool, mail_folder: Path | None = None) -> None:
        self.pool = pool
        self.mail_folder = mail_folder

    def forget(self, addresses: list[str]) -> None:
        """After the commit (files are no part of the transaction): their mail files."""
        if self.mail_folder is not None:
            remove_mail_to(self.mail_folder, addresses)

    def add(self, pledger_id: UUID, contacts: list[Contact]) -> None:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO pledger_contacts (pledger_id, name, email, position, phone, language)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                [(pledger_id, c.name, c.email, c.position, c.phone, c.language) for c in contacts],
            )

    def add_one(self, pledger_id: UUID, contact: Contact) -> int:
        """One more contact of the pledger; its row id (a sign-in link names it)."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "INSERT INTO pledger_contacts (pledger_id, name, email, position, phone, language)"
                " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    pledger_id,
                    contact.name,
                    contact.email,
                    contact.position,
                    contact.phone,
                    contact.language,
                ),
            ).fetchone()
        return int(row[0]) if row else 0

    def pledgers_of(self, email: str) -> list[tuple[UUID, int]]:
        """Each pledger the address is a contact of, with the contact's (first) row id."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT pledger_id, min(id) FROM pledger_contacts WHERE lower(email) = lower(%s)"
                " GROUP BY pledger_id",
                (email,),
            ).fetchall()
        return [(pledger_id, contact_id) for pledger_id, contact_id in rows]

    def list(self, pledger_id: UUID) -> list[Contact]:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Contact)) as cur:
            cur.execute(
                "SELECT id, name, email, position, phone, language FROM pledger_contacts"
                " WHERE pledger_id = %s ORDER BY id",
                (pledger_id,),
            )
            return cur.fetchall()

    def of_pledgers(self, pledger_ids: Sequence[UUID]) -> dict[UUID, Contacts]:
        """The contacts of each of these pledgers (those without any are left out)."""
        found: dict[UUID, Contacts] = {}
        for pledger_id, contact in self.select(SELECT + " WHERE pledger_id = ANY(%s)", pledger_ids):
            found.setdefault(pledger_id, []).append(contact)
        return found

    def by_ids(self, ids: Sequence[int]) -> dict[int, tuple[UUID, Contact]]:
        """These contacts that still exist, each with its pledger."""
        return {c.id or 0: (p, c) for p, c in self.select(SELECT + " WHERE id = ANY(%s)", ids)}

    def select(self, query: str, values: Sequence[object]) -> Iterator[tuple[UUID, Contact]]:
        with self.pool.connection() as conn:
            rows = conn.execute(query + " ORDER BY id", (list(values),)).fetchall()
        for pledger_id, ident, name, email, position, phone in rows:
            yield pledger_id, Contact(name, email, position, phone, ident)

    def erase(self, pledger_id: UUID) -> int:
        """Delete every contact of a pledger for good; keep only the count and the time."""
        with self.pool.connection() as conn, conn.transaction():
            rows = conn.execute(
                "DELETE FROM pledger_contacts WHERE pledger_id = %s RETURNING email",
                (pledger_id,),
            ).fetchall()
            conn.execute(
                "INSERT INTO contact_erasures (pledger_id, erased_count) VALUES (%s, %s)",
                (pledger_id, len(rows)),
            )
            end_access(conn, str(pledger_id))
        self.forget([email for (email,) in rows])
        return len(rows)

    def update(self, pledger_id: UUID, contact_id: int, contact: Contact) -> bool:
        """Change one contact of this pledger; False if it has no such contact. A new address
        ends the old one's access: the person who held it is no longer this contact."""
        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute(
                "SELECT email FROM pledger_contacts WHERE id = %s AND pledger_id = %s FOR UPDATE",
                (contact_id, pledger_id),
            ).fetchone()
            if row is None:
                return False
            conn.execute(
                "UPDATE pledger_contacts SET name = %s, email = %s, position = %s, phone = %s"
                " WHERE id = %s",
                (contact.name, contact.email, contact.position, contact.phone, contact_id),
            )
            moved = row[0].lower() != contact.email.lower()
            if moved:
                end_access(conn, str(pledger_id), [contact_id])
        if moved:
            self.forget([row[0]])
        return True

    def remove(self, pledger_id: UUID, contact_id: int) -> bool:
        """Delete one contact of this pledger for good; False if it has no such contact."""
        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute(
                "DELETE FROM pledger_contacts WHERE id = %s AND pledger_id = %s RETURNING email",
                (contact_id, pledger_id),
            ).fetchone()
            if row is None:
                return False
            end_access(conn, str(pledger_id), [contact_id])
        self.forget([row[0]])
        return True

    def counts(self) -> dict[UUID, int]:
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT pledger_id, count(*) FROM pledger_contacts GROUP BY pledger_id"
            ).fetchall()
        return dict(rows)
