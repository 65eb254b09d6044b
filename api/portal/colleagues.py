"""/my/contacts: a signed-in contact sees its pledger's contacts (names and positions) and
adds a colleague as another contact, who is mailed a sign-in link in their language."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Request, Response

from api import registration
from api.deps import ContainerDep
from api.portal.auth import PledgerDep, PostedDep, Visitor, VisitorDep
from api.portal.render import page, redirect
from api.schemas.registrations import LANGUAGE_NAMES
from domain.errors import InvalidPledgeError
from domain.taxonomy import Role
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.sessions import Identity

router = APIRouter(include_in_schema=False)
INPUTS = ("name", "email", "position", "language")
PER_HOUR = 10  # colleagues a pledger adds in an hour: each is mailed


def contacts_page(
    request: Request, visitor: Visitor, c: Container, me: Identity, extra: dict[str, Any],
    status: int = 200,
) -> Response:  # fmt: skip
    context = {
        "contacts": c.contacts.list(UUID(me.subject)),
        "languages": LANGUAGE_NAMES,
        "typed": {},
        "field_errors": {},
        **extra,
    }
    return page(request, visitor, "my_contacts.html", context, status)


@router.get("/my/contacts")
def contacts(request: Request, visitor: VisitorDep, me: PledgerDep, c: ContainerDep) -> Response:
    return contacts_page(request, visitor, c, me, {})


def colleague_of(visitor: Visitor) -> tuple[Contact | None, dict[str, str]]:
    """The colleague as typed, or every field's error (the contacts' own rules)."""
    v, errors = visitor.value, {}
    if not v("name"):
        errors["name"] = "Enter your colleague's name."
    if v("language") not in LANGUAGE_NAMES:
        errors["language"] = "Choose English, French or Spanish."
    try:
        made = Contact(v("name") or "-", v("email"), v("position"), language=v("language"))
    except InvalidPledgeError as error:
        field = error.field.removeprefix("contacts.")
        errors.setdefault(field, "Enter an email address such as name@example.org."
                          if field == "email" else error.reason)  # fmt: skip
        made = None
    return (None, errors) if errors else (made, errors)


@router.post("/my/contacts")
def add_colleague(
    request: Request, visitor: PostedDep, me: PledgerDep, c: ContainerDep, tasks: BackgroundTasks
) -> Response:
    colleague, errors = colleague_of(visitor)
    typed = {name: visitor.value(name) for name in INPUTS}
    known = {contact.email.lower() for contact in c.contacts.list(UUID(me.subject))}
    if colleague is not None and colleague.email.lower() in known:
        colleague, errors = None, {"email": f"Already a contact of {me.label}."}
    if colleague is None:
        shown = {"typed": typed, "field_errors": errors, "error": "The colleague was not added."}
        return contacts_page(request, visitor, c, me, shown, 422)
    key = c.sessions.keyed("colleagues", me.subject)
    if c.registration_checks.attempt([(key, PER_HOUR)]) is not None:
        shown = {"typed": typed, "error": "Too many colleagues were added in the last hour."}
        return contacts_page(request, visitor, c, me, shown, 429)
    pledger_id = UUID(me.subject)
    contact_id = c.contacts.add_one(pledger_id, colleague)
    identity = Identity(Role.PLEDGER, me.subject, me.label, contact_id)
    to = (colleague.name, colleague.email)
    values = {"who": inviter(c, me), "organisation": me.label}
    tasks.add_task(
        registration.mail_sign_in, c, identity, to, colleague.language or "en", "colleague", values
    )
    return redirect("/my/contacts?done=colleague")


def inviter(c: Container, me: Identity) -> str:
    """The signed-in contact's name, as the colleague's mail says who added them."""
    for contact in c.contacts.list(UUID(me.subject)):
        if contact.id == me.contact:
            return contact.name
    return me.label
