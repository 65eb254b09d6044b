"""/register: an organisation asks to pledge, with the API's own schema (RegistrationCreate)
and answer (the same whatever is known); /register/confirm/{token}: the emailed link, whose
button (a POST, so that a mail scanner fetching links confirms nothing) confirms the address."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response
from pydantic import ValidationError

from api import registration
from api.deps import ContainerDep
from api.portal.auth import PostedDep, Visitor, VisitorDep
from api.portal.console_admin import choices
from api.portal.forms import FormInvalidError
from api.portal.render import page
from api.schemas.registrations import LANGUAGE_NAMES, RegistrationCreate
from infrastructure.sessions import SessionStore

router = APIRouter(include_in_schema=False)
INPUTS = ("organisation", "category", "country", "name", "email", "position", "language")
# The form's input for each field of the API's body, and what to say when it is wrong.
FIELDS = {
    ("organisation", "name"): ("organisation", "Enter the organisation's name (200 at most)."),
    ("organisation", "category"): ("category", "Choose the organisation's category."),
    ("organisation", "country"): ("country", "Choose the country the organisation is based in."),
    ("contact", "name"): ("name", "Enter the focal point's name (at most 200 characters)."),
    ("contact", "email"): ("email", "Enter an email address such as name@example.org."),
    ("contact", "position"): ("position", "At most 200 characters, without control characters."),
    ("language",): ("language", "Choose English, French or Spanish."),
}  # fmt: skip


def form_page(
    request: Request, visitor: Visitor, extra: dict[str, Any], status: int = 200
) -> Response:
    context = {**choices(), "languages": LANGUAGE_NAMES, "nav": "register", "typed": {}, **extra}
    return page(request, visitor, "register.html", context, status)


def wire(visitor: Visitor) -> dict[str, Any]:
    v = visitor.value
    return {
        "organisation": {"name": v("organisation"), "category": v("category"),
                         "country": v("country").upper()},
        "contact": {"name": v("name"), "email": v("email"), "position": v("position")},
        "language": v("language") or "en",
    }  # fmt: skip


def field_errors(error: ValidationError) -> dict[str, str]:
    """Every wrong field at once, by the form's input, in plain words."""
    found: dict[str, str] = {}
    for item in error.errors():
        location = tuple(str(part) for part in item["loc"][:2])
        name, words = FIELDS.get(location, (location[-1] if location else "form", item["msg"]))
        found.setdefault(name, words)
    return found


@router.get("/register")
def register_form(
    request: Request, visitor: VisitorDep, c: ContainerDep, invitation: str = ""
) -> Response:
    """Invited to partner by email: the form comes filled in with what the invitation knows
    (the organisation's name and the address it was sent to)."""
    found = c.invitations.by_token(invitation) if invitation else None
    if found is None:
        return form_page(request, visitor, {})
    typed = {"organisation": found.organisation, "email": found.email or "",
             "language": found.language}  # fmt: skip
    return form_page(request, visitor, {"typed": typed, "invited": True})


@router.post("/register")
def register(
    request: Request, visitor: PostedDep, c: ContainerDep, tasks: BackgroundTasks
) -> Response:
    typed = {name: visitor.value(name) for name in INPUTS}
    try:
        body = RegistrationCreate.model_validate(wire(visitor))
    except ValidationError as error:
        errors = field_errors(error)
        message = FormInvalidError(errors, "The request was not sent").message  # as every form
        shown = {"typed": typed, "field_errors": errors, "error": message}
        return form_page(request, visitor, shown, 422)
    client = request.client.host if request.client else ""
    try:
        registration.submit(c, body, client, tasks)
    except registration.RegistrationProblem as problem:
        minutes = max(1, int(problem.detail) // 60)
        message = (
            "Too many requests were sent from here or for this address."
            f" Try again in {minutes} minute(s)."
        )
        response = form_page(request, visitor, {"typed": typed, "error": message}, 429)
        response.headers["Retry-After"] = problem.detail
        return response
    shown = {"outcome": "sent", "email": typed["email"], "nav": "register"}
    return page(request, visitor, "register_done.html", shown)


@router.get("/register/confirm/{token}")
def confirm_form(request: Request, token: str, visitor: VisitorDep) -> Response:
    if not SessionStore.is_link_token(token):  # its form posts to its own route only
        return outcome_page(request, visitor, "unknown")
    action = request.app.url_path_for("confirm_registration", token=token)
    return page(request, visitor, "register_confirm.html", {"action": action})


@router.post("/register/confirm/{token}")
def confirm_registration(
    request: Request, token: str, visitor: PostedDep, c: ContainerDep
) -> Response:
    return outcome_page(request, visitor, c.registrations.confirm(token).outcome)


def outcome_page(request: Request, visitor: Visitor, outcome: str) -> Response:
    status = {"confirmed": 200, "used": 200, "expired": 410, "unknown": 404}[outcome]
    return page(request, visitor, "register_done.html", {"outcome": outcome}, status)
