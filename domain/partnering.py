"""Partners by consent: an invitation, then the invited pledger's own acceptance or refusal.

The owner (or the Secretariat) invites a registered pledger, or an organisation not yet
registered (named only: its focal point's email stays in infrastructure's personal-data
table, never in an event). Until its own contact accepts, the invited pledger is no partner:
not public, and it cannot report. These functions hold the rules; the Pledge aggregate
(domain/pledge.py) calls them in its command methods and records the events.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain import bounds
from domain.errors import (
    AlreadyPartnerError,
    InvitationError,
    NotAllowedError,
    NotPartnerableError,
)
from domain.pledger import NAME_MAX
from domain.taxonomy import PledgeType, Role
from domain.values import Actor, Value

PARTNERED_TYPES = frozenset({PledgeType.COMMON, PledgeType.PARTNERSHIP})
PENDING, JOINED, DECLINED, WITHDRAWN = "pending", "joined", "declined", "withdrawn"


@dataclass(frozen=True)
class PartnerInvitation(Value):
    """An invitation and what became of it. `pledger_id` is None for an organisation not
    yet registered; `organisation` is the name the owner gave it (public organisation data)."""

    invitation_id: UUID
    pledger_id: UUID | None
    organisation: str
    contribution: str
    invited_on: date
    state: str = PENDING
    reason: str = ""

    def settled(self, state: str, reason: str = "") -> PartnerInvitation:
        return dataclasses.replace(self, state=state, reason=reason)


def check_takes_partners(pledge_type: PledgeType, reference: str) -> None:
    if pledge_type not in PARTNERED_TYPES:
        raise NotPartnerableError(
            f"Only common and partnership pledges take partners; {reference} is "
            f"{pledge_type.value}."
        )


def check_organisation(organisation: str) -> str:
    return bounds.text("organisation", organisation, limit=NAME_MAX).strip()


def check_not_invited(
    invitations: list[PartnerInvitation], pledger_id: UUID | None, reference: str
) -> None:
    if pledger_id is not None and any(
        i.pledger_id == pledger_id and i.state == PENDING for i in invitations
    ):
        raise AlreadyPartnerError(f"That pledger is already invited to partner {reference}.")


def pending(invitations: list[PartnerInvitation], invitation_id: UUID) -> PartnerInvitation:
    """The pending invitation of that id, or an InvitationError saying what became of it."""
    for invitation in invitations:
        if invitation.invitation_id == invitation_id:
            if invitation.state != PENDING:
                raise InvitationError(
                    f"That invitation is no longer pending: it was {invitation.state}."
                )
            return invitation
    raise InvitationError("This pledge has no such invitation to partner.")


def check_invited(invitation: PartnerInvitation, invitee: UUID | None, actor: Actor) -> UUID:
    """The invited pledger, when `actor` is it: only the invited pledger's own contact answers
    (never the Secretariat or another pledger on its behalf). `invitee` is the pledger an
    emailed invitation was bound to once its organisation registered."""
    invited = invitation.pledger_id or invitee
    if actor.role != Role.PLEDGER or invited is None or actor.pledger_id != invited:
        raise NotAllowedError("Only the invited pledger can accept or refuse this invitation.")
    return invited


def replaced(
    invitations: list[PartnerInvitation], invitation_id: UUID, state: str, reason: str = ""
) -> list[PartnerInvitation]:
    return [
        i.settled(state, reason) if i.invitation_id == invitation_id else i for i in invitations
    ]
