"""Partners by consent, for the API and the portal alike: whom an invitation is addressed to
(infrastructure/invitations.py, outside the event store), the command, and the mail to the
other side after the answer (never before: an answer never waits on mail).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

from fastapi import BackgroundTasks

from api.schemas.partners import PartnerInvitationCreate
from domain.application import CommandResult
from domain.errors import DomainError, InvalidPledgeError
from domain.partnering import PENDING, check_takes_partners
from domain.pledge import Pledge
from domain.taxonomy import PledgeType
from domain.values import Actor
from infrastructure.container import Container
from infrastructure.invitations import Addressee
from infrastructure.partner_mail import partner_mail

log = logging.getLogger(__name__)
Work = Callable[[], CommandResult]


def send(c: Container, messages: list[EmailMessage]) -> None:
    for message in messages:
        try:
            c.mail.send(message)
        except Exception as error:
            log.warning("partner mail not sent", extra={"error": type(error).__name__})


def name_of(c: Container, pledger_id: UUID) -> str:
    return c.app.get_pledger(pledger_id).name


def facts(c: Container, pledge: Pledge, organisation: str, **more: str) -> dict[str, str]:
    owner = name_of(c, pledge.pledger_id)
    return {
        "owner": owner,
        "organisation": organisation,
        "reference": pledge.reference,
        "title": pledge.content.title,
        **more,
    }


def to_pledger(
    c: Container, pledger_id: UUID, kind: str, link: str, values: dict[str, str]
) -> list[EmailMessage]:
    contacts = c.contacts.of_pledgers([pledger_id]).get(pledger_id, [])
    return [
        partner_mail(c.settings, kind, (p.name, p.email), link, p.language or "en", **values)
        for p in contacts
    ]


def base(c: Container) -> str:
    return c.settings.public_url.rstrip("/")


def invite(
    c: Container, pledge: str, body: PartnerInvitationCreate, actor: Actor, tasks: BackgroundTasks
) -> tuple[CommandResult, UUID]:
    iid = uuid4()
    loaded = c.app.readable(pledge, actor)
    organisation = body.organisation or ""
    if body.pledger_id is not None:
        organisation = name_of(c, body.pledger_id)  # a 404 for an unknown pledger
    addressee = Addressee(iid, loaded.id, body.pledger_id, organisation, body.email, body.language)
    token = c.invitations.add(addressee)
    try:
        result = c.app.invite_partner(
            loaded.id, iid, body.pledger_id, organisation, body.contribution, actor
        )
    except DomainError:
        c.invitations.remove(iid)  # refused: nobody is to be asked
        raise
    values = facts(c, loaded, organisation, contribution=body.contribution)
    if body.pledger_id is not None:
        mails = to_pledger(c, body.pledger_id, "invited", f"{base(c)}/my#invitations", values)
    else:
        link = f"{base(c)}/register?invitation={token}"
        to = ("", body.email or "")
        mails = [partner_mail(c.settings, "invited_email", to, link, body.language, **values)]
    tasks.add_task(send, c, mails)
    return result, iid


def check_partners(
    c: Container, owner: UUID, pledge_type: PledgeType, partners: list[PartnerInvitationCreate]
) -> None:
    """Partners named at submission, checked before the pledge is: an invitation made after
    it is then refused by nothing but a race."""
    if partners:
        check_takes_partners(pledge_type, "this pledge")
    seen: set[UUID] = set()
    for i, partner in enumerate(partners):
        if partner.pledger_id is None:
            continue
        if partner.pledger_id == owner or partner.pledger_id in seen:
            why = "its own pledger" if partner.pledger_id == owner else "named twice"
            raise InvalidPledgeError(f"partners[{i}].pledger_id", f"{why}: not a partner")
        seen.add(partner.pledger_id)
        c.app.check_pledger(partner.pledger_id)


def invite_all(
    c: Container,
    submitted: CommandResult,
    partners: list[PartnerInvitationCreate],
    actor: Actor,
    tasks: BackgroundTasks,
) -> CommandResult:
    """The submitted pledge's invitations, one after the other; the answer is the last."""
    result = submitted
    for partner in partners:
        result = invite(c, str(submitted.id), partner, actor, tasks)[0]
    return result


def answer(
    c: Container,
    pledge: str,
    iid: UUID,
    accept: bool,
    reason: str,
    actor: Actor,
    tasks: BackgroundTasks,
) -> CommandResult:
    """The invited pledger accepts or refuses; the owner is told."""
    found = c.invitations.get(iid)
    invitee = found.pledger_id if found else None  # bound once its organisation registered
    if accept:
        result = c.app.accept_invitation(pledge, iid, invitee, actor)
    else:
        result = c.app.refuse_invitation(pledge, iid, invitee, reason, actor)
    tell_owner(c, result.id, "joined" if accept else "declined", invitee, reason, tasks)
    return result


def tell_owner(
    c: Container,
    pledge_id: UUID,
    kind: str,
    partner: UUID | None,
    reason: str,
    tasks: BackgroundTasks,
) -> None:
    loaded = c.app.get_pledge(pledge_id)
    organisation = name_of(c, partner) if partner else "The invited organisation"
    link = f"{base(c)}/my/pledges/{loaded.reference}"
    values = facts(c, loaded, organisation, reason=reason)
    tasks.add_task(send, c, to_pledger(c, loaded.pledger_id, kind, link, values))


def withdraw(
    c: Container, pledge: str, iid: UUID, reason: str, actor: Actor, tasks: BackgroundTasks
) -> CommandResult:
    result = c.app.withdraw_invitation(pledge, iid, reason, actor)
    found = c.invitations.get(iid)
    if found is not None:
        loaded = c.app.get_pledge(result.id)
        values = facts(c, loaded, found.organisation, reason=reason)
        link = f"{base(c)}/my#invitations"
        if found.pledger_id is not None:
            mails = to_pledger(c, found.pledger_id, "withdrawn", link, values)
        else:
            to = ("", found.email or "")
            home = f"{base(c)}/"
            mails = [partner_mail(c.settings, "withdrawn", to, home, found.language, **values)]
        tasks.add_task(send, c, mails)
    return result


def leave(
    c: Container, pledge: str, pledger_id: UUID, reason: str, actor: Actor, tasks: BackgroundTasks
) -> CommandResult:
    result = c.app.leave(pledge, pledger_id, reason, actor)
    tell_owner(c, result.id, "left", pledger_id, reason, tasks)
    return result


def invitations_to(c: Container, pledger_id: str) -> list[dict[str, Any]]:
    """The pending invitations addressed to the pledger, with their pledges, newest first."""
    waiting = []
    for addressee in c.invitations.of_pledger(UUID(pledger_id)):
        pledge = c.app.get_pledge(addressee.pledge_id)
        found = [
            i
            for i in pledge.partner_invitations
            if i.invitation_id == addressee.invitation_id and i.state == PENDING
        ]
        if found:
            owner = c.app.get_pledger(pledge.pledger_id).name
            waiting.append({"pledge": pledge, "invitation": found[0], "owner": owner})
    return waiting
