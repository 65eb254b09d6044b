"""Pledgers and their contacts in the console: add and edit pledgers, add, edit and remove
contacts, and erase every contact of a pledger. Contacts are personal data: only these
Secretariat pages show them, and they never enter an event."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal.auth import PortalError, PostedDep, StaffDep, VisitorDep
from api.portal.render import page, redirect, status_of
from domain.errors import DomainError, InvalidPledgeError, PledgerNotFoundError
from domain.pledger import Pledger
from domain.taxonomy import COUNTRIES, Category
from infrastructure.contacts import Contact
from infrastructure.container import Container

router = APIRouter(include_in_schema=False)


def choices() -> dict[str, Any]:
    return {
        "categories": [c.value for c in Category],
        "countries": sorted(COUNTRIES.items(), key=lambda item: item[1]),
    }


def listing(c: Container, **extra: Any) -> dict[str, Any]:
    contacts = c.contacts.counts()
    return {"pledgers": c.queries.pledgers(), "contacts": contacts, **choices(), **extra}


def organisation(form: PostedDep) -> tuple[str, Category, str | None, bool]:
    """The pledger form's fields, or an InvalidPledgeError naming the field to fix."""
    try:
        category = Category(form.value("category"))
    except ValueError:
        raise InvalidPledgeError("category", "choose one of the categories") from None
    country = form.value("country").upper() or None
    return form.value("name"), category, country, form.value("gcm_champion") == "on"


def contact_of(form: PostedDep) -> Contact:
    return Contact(
        name=form.value("name"),
        email=form.value("email"),
        position=form.value("position"),
        phone=form.value("phone"),
    )


def load(c: Container, pledger_id: str) -> Pledger:
    try:
        return c.app.get_pledger(UUID(pledger_id))
    except (ValueError, PledgerNotFoundError):
        raise PortalError(404, "Pledger not found", "There is no such pledger.") from None


@router.get("/console/pledgers")
def pledger_list(
    request: Request, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep
) -> Response:
    return page(request, visitor, "console_pledgers.html", listing(c))


@router.post("/console/pledgers")
def add_pledger(request: Request, visitor: PostedDep, me: StaffDep, c: ContainerDep) -> Response:
    app = c.app
    try:
        pledger_id = app.register_pledger(*organisation(visitor), me.actor)
    except DomainError as error:
        form = {k: visitor.value(k) for k in ("name", "category", "country", "gcm_champion")}
        context = listing(c, error=error.message, form=form)
        return page(request, visitor, "console_pledgers.html", context, status_of(error))
    return redirect(f"/console/pledgers/{pledger_id}?done=pledger")


def pledger_page(
    request: Request,
    visitor: Any,
    c: Container,
    pledger: Pledger,
    status: int = 200,
    error: str | None = None,
) -> Response:
    context = {
        "pledger": pledger,
        "contacts": c.contacts.list(pledger.id),
        "error": error,
        **choices(),
    }
    return page(request, visitor, "console_pledger.html", context, status)


@router.get("/console/pledgers/{pledger_id}")
def show_pledger(
    request: Request, pledger_id: str, visitor: VisitorDep, _staff: StaffDep, c: ContainerDep
) -> Response:
    return pledger_page(request, visitor, c, load(c, pledger_id))


@router.post("/console/pledgers/{pledger_id}/{action}")
def change_pledger(
    request: Request,
    pledger_id: str,
    action: str,
    visitor: PostedDep,
    me: StaffDep,
    c: ContainerDep,
) -> Response:
    """edit (the pledger), contact (add one), erase (every contact, for good)."""
    pledger = load(c, pledger_id)
    try:
        if action == "edit":
            c.app.update_pledger(pledger.id, *organisation(visitor), me.actor)
        elif action == "contact":
            c.contacts.add(pledger.id, [contact_of(visitor)])
        elif action == "erase":
            c.contacts.erase(pledger.id)
        else:
            raise PortalError(404, "Not found", "There is no such action.")
    except DomainError as error:
        return pledger_page(request, visitor, c, pledger, status_of(error), error.message)
    done = {"edit": "pledger", "contact": "contact", "erase": "erased"}[action]
    return redirect(f"/console/pledgers/{pledger.id}?done={done}")


@router.post("/console/pledgers/{pledger_id}/contacts/{contact_id}/{action}")
def change_contact(
    request: Request,
    pledger_id: str,
    contact_id: int,
    action: str,
    visitor: PostedDep,
    _staff: StaffDep,
    c: ContainerDep,
) -> Response:
    """edit or remove one contact of this pledger (never another pledger's)."""
    pledger = load(c, pledger_id)
    contacts = c.contacts
    try:
        if action == "edit":
            found = contacts.update(pledger.id, contact_id, contact_of(visitor))
        elif action == "remove":
            found = contacts.remove(pledger.id, contact_id)
        else:
            raise PortalError(404, "Not found", "There is no such action.")
    except DomainError as error:
        return pledger_page(request, visitor, c, pledger, status_of(error), error.message)
    if not found:
        raise PortalError(404, "Contact not found", "This pledger has no such contact.")
    return redirect(f"/console/pledgers/{pledger.id}?done=contact-{action}")
