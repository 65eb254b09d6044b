"""Who each invitation to partner is addressed to (migration 0008): a registered pledger, or
an organisation's focal point by email until its registration is approved.

The event store knows an invitation by its id (and, for an organisation not yet registered,
its name only); the email is personal data and stays here. The emailed link to /register
carries a token whose hash only is stored; the register form is prefilled from it. Approving
that organisation's registration binds its invitations (by the confirmed address) to the new
pledger and empties the email.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID

from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from infrastructure.sessions import LINK_TOKEN
from infrastructure.tokens import digest


@dataclass(frozen=True)
class Addressee:
    invitation_id: UUID
    pledge_id: UUID
    pledger_id: UUID | None
    organisation: str
    email: str | None
    language: str


COLUMNS = "invitation_id, pledge_id, pledger_id, organisation, email, language"


class InvitationStore:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def add(self, invitation: Addressee) -> str | None:
        """Records whom it is addressed to; an emailed one gets its link's token (returned)."""
        token = secrets.token_urlsafe(32) if invitation.email else None
        with self.pool.connection() as conn:
            conn.execute(
                f"INSERT INTO partner_invitations ({COLUMNS}, token_hash)"  # noqa: S608
                " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (
                    invitation.invitation_id,
                    invitation.pledge_id,
                    invitation.pledger_id,
                    invitation.organisation,
                    invitation.email,
                    invitation.language,
                    digest(token) if token else None,
                ),
            )
        return token

    def remove(self, invitation_id: UUID) -> None:
        """The command refused it: nobody is to be asked."""
        with self.pool.connection() as conn:
            conn.execute(
                "DELETE FROM partner_invitations WHERE invitation_id = %s", (invitation_id,)
            )

    def get(self, invitation_id: UUID) -> Addressee | None:
        return self._one(
            f"SELECT {COLUMNS} FROM partner_invitations WHERE invitation_id = %s",  # noqa: S608
            invitation_id,
        )

    def by_token(self, token: str) -> Addressee | None:
        """An emailed invitation still waiting for its organisation to register."""
        if LINK_TOKEN.fullmatch(token) is None:
            return None
        return self._one(
            f"SELECT {COLUMNS} FROM partner_invitations"  # noqa: S608
            " WHERE token_hash = %s AND email IS NOT NULL",
            digest(token),
        )

    def of_pledger(self, pledger_id: UUID) -> list[Addressee]:
        """Invitations addressed to the pledger (from the start or once bound), newest first."""
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Addressee)) as cur:
            cur.execute(
                f"SELECT {COLUMNS} FROM partner_invitations WHERE pledger_id = %s"  # noqa: S608
                " ORDER BY created_at DESC LIMIT 200",
                (pledger_id,),
            )
            return cur.fetchall()

    def bind(self, email: str, pledger_id: UUID) -> list[Addressee]:
        """The organisation at this (confirmed) address registered: its waiting invitations
        are now the pledger's, and the address is no longer kept here."""
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Addressee)) as cur:
            cur.execute(
                "UPDATE partner_invitations SET pledger_id = %s, email = NULL, token_hash = NULL"
                " WHERE lower(email) = lower(%s) AND pledger_id IS NULL RETURNING"
                " invitation_id, pledge_id, pledger_id, organisation, email, language",
                (pledger_id, email),
            )
            return cur.fetchall()

    def _one(self, query: str, value: object) -> Addressee | None:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Addressee)) as cur:
            cur.execute(query, (value,))
            return cur.fetchone()
