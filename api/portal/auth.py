"""Who is signed in: the session cookie, the CSRF check on every form, and the roles.

The CSRF token is derived from the browser's cookie with the secret key: the session's id
when signed in, otherwise a random pre-session cookie (so the sign-in forms carry one too).
A POST without the right token is a 403 before anything else happens.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import parse_qs, quote, unquote, urlsplit

from fastapi import Depends, Request

from api.deps import ContainerDep
from domain.taxonomy import Role
from infrastructure.sessions import DESTINATION, Identity

SESSION_COOKIE = "pledges_session"
BROWSER_COOKIE = "pledges_browser"
MAX_FORM = 200_000


class PortalError(Exception):
    """Answered as an HTML page (see api.portal.install) with this status."""

    def __init__(self, status: int, title: str, detail: str, location: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.location = status, title, detail, location


@dataclass
class Visitor:
    identity: Identity | None
    session_id: str | None
    browser: str
    csrf: str
    new_browser: bool = False
    form: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str, default: str = "") -> str:
        values = self.form.get(name)
        return values[0].strip() if values else default

    def values(self, name: str) -> list[str]:
        return [v.strip() for v in self.form.get(name, []) if v.strip()]


def get_visitor(request: Request, c: ContainerDep) -> Visitor:
    session_id = request.cookies.get(SESSION_COOKIE, "")
    identity = c.sessions.session(session_id) if session_id else None
    if identity is not None and identity.role == Role.SECRETARIAT:
        member = c.staff.get(int(identity.subject))
        if member is None or member.removed_at is not None:
            identity = None  # removed from the staff: the session ends here
    if identity is not None:
        return Visitor(identity, session_id, session_id, c.sessions.csrf_token(session_id))
    browser = request.cookies.get(BROWSER_COOKIE, "")
    new = not (20 <= len(browser) <= 100)
    if new:
        browser = secrets.token_urlsafe(24)
    return Visitor(None, None, browser, c.sessions.csrf_token(browser), new)


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


async def posted(request: Request, visitor: VisitorDep) -> Visitor:
    """The visitor with the POSTed form, after the CSRF check."""
    body = await request.body()
    if len(body) > MAX_FORM:
        raise PortalError(413, "Too much data", "The form was larger than this site accepts.")
    visitor.form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    sent = visitor.value("csrf")
    if visitor.new_browser or not hmac.compare_digest(sent.encode(), visitor.csrf.encode()):
        raise PortalError(
            403,
            "The form has expired",
            "This form was not sent from this site's current page (its security token is "
            "missing or old). Go back, reload the page and send it again.",
        )
    return visitor


PostedDep = Annotated[Visitor, Depends(posted)]


def signed_in(request: Request, visitor: Visitor, role: Role) -> Identity:
    if visitor.identity is None:
        if request.method != "GET":
            raise PortalError(403, "Signed out", "Your session has ended: sign in again.")
        query = f"?{request.url.query}" if request.url.query else ""
        wanted = same_site_path(request.url.path + query)
        if wanted in ("/my", "/console"):
            wanted = None  # where signing in leads anyway
        location = f"/sign-in?next={quote(wanted, safe='/')}" if wanted else "/sign-in"
        raise PortalError(303, "Sign in", "Sign in first.", location=location)
    if visitor.identity.role != role:
        who = "pledgers" if role == Role.PLEDGER else "the Secretariat"
        raise PortalError(403, "Not allowed", f"This page is for {who} only.")
    return visitor.identity


def same_site_path(wanted: str | None) -> str | None:
    """`wanted` if it is a path of this site (where to land after signing in), else None.
    Refused: another host ("//x", "/\\x"), a scheme, spaces and control characters, and the
    same in disguise, percent-encoded once or more ("/%2F%2Fx", "/%5Cx", "/%252F%252Fx")."""
    if not wanted or DESTINATION.fullmatch(wanted) is None:
        return None
    seen = wanted
    for _decoding in range(8):  # as often as anything along the way might decode it
        plain = seen.startswith("/") and not seen.startswith("//")
        if not plain or "\\" in seen or any(ord(ch) < 32 or ord(ch) == 127 for ch in seen):
            return None
        parts = urlsplit(seen)
        if parts.scheme or parts.netloc:
            return None
        if unquote(seen) == seen:
            return wanted
        seen = unquote(seen)
    return None  # still encoded after all that: no path a person follows


def pledger(request: Request, visitor: VisitorDep) -> Identity:
    return signed_in(request, visitor, Role.PLEDGER)


def staff(request: Request, visitor: VisitorDep) -> Identity:
    return signed_in(request, visitor, Role.SECRETARIAT)


PledgerDep = Annotated[Identity, Depends(pledger)]
StaffDep = Annotated[Identity, Depends(staff)]
