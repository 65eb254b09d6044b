"""Rendering portal pages: never cached, always with the pages' CSP and the cookies."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from api.pages import web
from api.portal.auth import BROWSER_COOKIE, SESSION_COOKIE, PortalError, Visitor, get_visitor
from api.problems import domain_status
from domain.errors import DomainError, InvalidPledgeError

PRIVATE = "no-store"
FLASH = {
    "signed-out": "You are signed out.",
    "submitted": "Your pledge was submitted. It appears on the public dashboard within moments.",
    "submitted-review": "Your pledge was submitted. The Secretariat reviews it before it is "
    "published: until then only you and the Secretariat see it.",
    "published": "The pledge was published: it is public now, and its pledger is told in the "
    "next daily mail.",
    "returned": "The pledge was returned to its pledger with your comments, which it reads when "
    "it signs in and in the next daily mail.",
    "report": "The progress report was filed.",
    "amended": "The amendment was recorded: the public page lists what changed and why.",
    "amended-review": "The amendment was recorded. The Secretariat reviews the pledge before it "
    "is published; the public page will then list what changed and why.",
    "partner": "The partner was added.",
    "invited": "Invitation sent: the organisation is mailed, and answers in its own portal.",
    "invitation-withdrawn": "The invitation was withdrawn; the organisation is told.",
    "joined": "You accepted: your organisation now partners the pledge, is named on it, and "
    "may report on it. Its owner is told.",
    "declined": "You refused the invitation; its owner is told.",
    "left": "Your organisation left the pledge; its owner is told.",
    "match": "The match was recorded.",
    "offer": "Your offer was sent: the pledge's pledger will accept or refuse it.",
    "acceptance": "The offer was accepted: it is now a match, shown on both pledges.",
    "refusal": "The offer was refused.",
    "withdrawal": "Your offer was withdrawn.",
    "fulfilled": "The pledge is recorded as fulfilled.",
    "withdrawn": "The pledge was withdrawn.",
    "lapsed": "The pledge lapsed.",
    "reinstated": "The pledge was reinstated.",
    "extended": "The deadline was extended.",
    "pledger": "The pledger was saved.",
    "contact": "The contact was added.",
    "contact-edit": "The contact was changed.",
    "contact-remove": "The contact was removed for good.",
    "token": "The token was created.",
    "erased": "The pledger's contacts were erased.",
    "revoked": "The token was revoked.",
    "approved": "The request was approved: the pledger and its contact exist, and a sign-in "
    "link is on its way to the focal point.",
    "refused": "The request was refused; the focal point is sent the reason.",
    "colleague": "Your colleague was added as a contact, and a sign-in link is on its way.",
}


def page(
    request: Request,
    visitor: Visitor,
    template: str,
    context: Mapping[str, Any],
    status: int = 200,
) -> Response:
    who = visitor.identity
    full = {
        "nav": None if who is None else ("my" if who.role == "pledger" else "console"),
        "visitor": visitor,
        "csrf": visitor.csrf,
        "flash": request.query_params.get("done"),
        "flash_text": FLASH,
    }
    response = web.render(
        request, f"portal/{template}", {**full, **context}, status=status, cache=PRIVATE
    )
    remember_browser(request, visitor, response)
    return response


def remember_browser(request: Request, visitor: Visitor, response: Response) -> None:
    if visitor.new_browser:
        settings = request.app.state.container.settings
        response.set_cookie(
            BROWSER_COOKIE,
            visitor.browser,
            max_age=24 * 3600,
            httponly=True,
            samesite="lax",
            secure=not settings.is_development,
        )


def redirect(location: str) -> Response:
    response = RedirectResponse(location, status_code=303)
    response.headers["Cache-Control"] = PRIVATE
    return response


def error_response(request: Request, error: PortalError) -> Response:
    if error.location is not None:
        return redirect(error.location)
    context: dict[str, Any] = {"title": error.title, "detail": error.detail}
    if request.cookies.get(SESSION_COOKIE):  # a signed-in person's page says so
        visitor = get_visitor(request, request.app.state.container)
        context.update(visitor=visitor, csrf=visitor.csrf)
    return web.render(request, "error.html", context, status=error.status, cache=PRIVATE)


def status_of(error: DomainError) -> int:
    """The API's status for the error (api/problems.py holds the one map), as a page's."""
    return domain_status(error)


INDICATOR = re.compile(r"indicators\[(\d+)\]")
INPUTS = {"amount.amount": "amount", "amount.currency": "currency"}


def input_of(field: str) -> str:
    """The form input a refusal's field is typed in: `indicators[1].value` -> `indicator_1`,
    `amount.currency` -> `currency`, `deadline` -> `deadline`."""
    found = INDICATOR.match(field)
    if found is not None:
        return f"indicator_{found.group(1)}"
    return INPUTS.get(field, field.split("[")[0].split(".")[0])


def refused(
    error: DomainError,
    form: str,
    visitor: Visitor,
    beside: Mapping[type[DomainError], str] | None = None,
) -> dict[str, Any]:
    """What a page shows for a form whose command was refused: the error (beside its field,
    when it names one, or beside the input `beside` gives for its kind of rule) and, in the
    form, what was typed (see _macros.html). A form's every fault comes as one error with
    `errors` by input (api/portal/forms.py)."""
    shown: dict[str, Any] = {
        "error": error.message,
        "failed": form,
        "typed": {k: v[0] for k, v in visitor.form.items() if k != "csrf" and v},
    }
    every = getattr(error, "errors", None)
    if isinstance(every, dict):
        shown["field_errors"] = every
    elif isinstance(error, InvalidPledgeError):
        reason = error.reason
        shown["field_errors"] = {input_of(error.field): reason[:1].upper() + reason[1:]}
    else:
        key = next((k for kind, k in (beside or {}).items() if isinstance(error, kind)), None)
        if key is not None:
            shown["field_errors"] = {key: error.message}
    return shown


def local_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
