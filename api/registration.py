"""Registration requests, for the API and the pages alike: ask, confirm, approve, refuse.

Asking answers the same whatever is known already (the organisation, the address): the
request is stored and the confirmation mailed after the answer. Approving registers the
pledger through the application's own path (as POST /api/pledgers: no personal data in the
event) and makes the focal point its contact; the person is then mailed a sign-in link.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import NoReturn
from uuid import UUID

from fastapi import BackgroundTasks

from api.schemas.registrations import (
    FocalPoint,
    Organisation,
    RegistrationCreate,
    RegistrationItem,
    SimilarOut,
)
from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.container import Container
from infrastructure.registration_checks import Similar
from infrastructure.registration_mail import mail
from infrastructure.registrations import CONFIRM_LIFETIME, Request, RequestIn
from infrastructure.sessions import LINK_LIFETIME, Identity

log = logging.getLogger("api.registration")
MINUTES = str(int(LINK_LIFETIME.total_seconds() // 60))


@dataclass
class RegistrationProblem(Exception):
    status: int
    code: str
    detail: str


def send(c: Container, message: EmailMessage) -> None:
    try:
        c.mail.send(message)
    except OSError as error:  # smtplib's errors are OSErrors; the answer was already given
        log.warning("registration mail not sent", extra={"error": type(error).__name__})


def submit(c: Container, body: RegistrationCreate, client: str, tasks: BackgroundTasks) -> UUID:
    """The new request's id; a 429 RegistrationProblem (retry after `detail`) when limited."""
    settings, email = c.settings, body.contact.email.strip()
    limits = [
        (c.sessions.keyed("registration-client", client), settings.registrations_per_address),
        (c.sessions.keyed("registration-email", email.lower()), settings.registrations_per_email),
    ]
    wait = c.registration_checks.attempt(limits)
    if wait is not None:
        raise RegistrationProblem(429, "too_many_requests", str(wait))
    org, person = body.organisation, body.contact
    wanted = RequestIn(
        org.name.strip(), org.category.value, org.country, body.language,
        person.name.strip(), email, person.position.strip(),
    )  # fmt: skip
    request_id, token = c.registrations.submit(wanted)
    link = f"{settings.public_url.rstrip('/')}/register/confirm/{token}"
    hours = str(int(CONFIRM_LIFETIME.total_seconds() // 3600))
    message = mail(
        settings, "confirm", (wanted.contact_name, email), body.language, link,
        organisation=wanted.organisation, hours=hours,
    )  # fmt: skip
    tasks.add_task(send, c, message)
    return request_id


def check_decidable(c: Container, request_id: UUID) -> NoReturn:
    """Why a request cannot be decided: unknown (404), or not waiting (409)."""
    found = c.registrations.get(request_id)
    if found is None or found.state == "unconfirmed":
        raise RegistrationProblem(404, "not_found", "No registration request has this id.")
    raise RegistrationProblem(
        409, "already_decided", f"This request is {found.state} already: nothing was changed."
    )


def approve(c: Container, request_id: UUID, actor: Actor, tasks: BackgroundTasks) -> UUID:
    """The new pledger's id; a RegistrationProblem when the request is not waiting."""

    def register(found: Request) -> UUID:
        category = Category(found.category)
        return c.app.register_pledger(found.organisation, category, found.country, False, actor)

    done = c.registrations.approve(request_id, actor.id, register)
    if done is None:
        check_decidable(c, request_id)
    found, pledger_id, contact_id = done
    identity = Identity(Role.PLEDGER, str(pledger_id), found.organisation, contact_id)
    to = (found.contact_name or "", found.email or "")
    if found.email:  # invited to partner before it registered: the invitations are its now
        c.invitations.bind(found.email, pledger_id)
    values = {"organisation": found.organisation}
    tasks.add_task(mail_sign_in, c, identity, to, found.language, "approved", values)
    return pledger_id


def mail_sign_in(
    c: Container,
    identity: Identity,
    to: tuple[str, str],
    language: str,
    kind: str,
    values: dict[str, str],
) -> None:
    """A sign-in link for the new contact `to` (name, address), in a mail of this kind
    (approved, colleague); none if the contact was removed meanwhile."""
    token = c.sessions.issue_link(identity)
    if token is None:
        return
    link = f"{c.settings.public_url.rstrip('/')}/sign-in/{token}"
    send(c, mail(c.settings, kind, to, language, link, minutes=MINUTES, **values))


def refuse(
    c: Container, request_id: UUID, reason: str, actor: Actor, tasks: BackgroundTasks
) -> None:
    found = c.registrations.refuse(request_id, actor.id, reason)
    if found is None:
        check_decidable(c, request_id)
    to = (found.contact_name or "", found.email or "")
    message = mail(
        c.settings, "refused", to, found.language, reason, organisation=found.organisation
    )
    tasks.add_task(send, c, message)


def items(
    c: Container, state: str, limit: int = 200, now: datetime | None = None
) -> list[RegistrationItem]:
    """The requests in this state, the longest waiting first, each with its possible
    duplicates (similar names in its country)."""
    now = now or datetime.now(UTC)
    found = c.registrations.listed(state, limit)
    similar = c.registration_checks.similar([r.id for r in found])
    return [item(r, similar.get(r.id, []), now) for r in found]


def item(r: Request, similar: list[Similar], now: datetime) -> RegistrationItem:
    since = r.confirmed_at or r.created_at
    person = None
    if r.contact_name is not None and r.email is not None:
        person = FocalPoint(name=r.contact_name, email=r.email, position=r.position or "")
    org = Organisation(name=r.organisation, category=Category(r.category), country=r.country)
    return RegistrationItem(
        id=r.id,
        state=r.state,
        organisation=org,
        contact=person,
        language=r.language,
        created_at=r.created_at,
        confirmed_at=r.confirmed_at,
        waiting_days=max(0, (now - since).days),
        possible_duplicates=[
            SimilarOut(kind=s.kind, name=s.name, id=s.ref, score=round(s.score, 2)) for s in similar
        ],
        decided_at=r.decided_at,
        reason=r.reason,
        pledger_id=r.pledger_id,
    )
