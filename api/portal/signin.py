"""Sign-in by emailed one-time link, and sign-out.

POST /sign-in answers the same whatever the address: a link is mailed (in the background,
after the answer) only to a pledger contact or a staff member. Opening the link shows a
button, and only that POST uses the link, so a mail scanner that fetches links cannot.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import make_msgid

from fastapi import APIRouter, BackgroundTasks, Request, Response

from api.deps import ContainerDep
from api.portal.auth import SESSION_COOKIE, PostedDep, Visitor, VisitorDep, same_site_path
from api.portal.render import page, redirect
from domain.errors import NotFoundError
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.sessions import LINK_LIFETIME, SESSION_LIFETIME, Identity, SessionStore

router = APIRouter(include_in_schema=False)
log = logging.getLogger("api.portal")


def identities_for(c: Container, email: str) -> list[Identity]:
    found: list[Identity] = []
    member = c.staff.find(email)
    if member is not None:
        found.append(Identity(Role.SECRETARIAT, str(member.id), member.email))
    for pledger_id, contact_id in c.contacts.pledgers_of(email):
        try:
            name = c.app.get_pledger(pledger_id).name
        except NotFoundError:
            continue
        found.append(Identity(Role.PLEDGER, str(pledger_id), name, contact_id))
    return found


def send_links(c: Container, email: str, destination: str | None = None) -> None:
    """Mails one link per identity of the address, each leading to `destination` (a path of
    this site, checked) once used; nothing for an unknown address."""
    identities = identities_for(c, email)
    if not identities:
        return
    settings = c.settings
    base = settings.public_url.rstrip("/")
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    lines = ["Someone (we hope you) asked to sign in to the GCM Pledge Tracker.", ""]
    issued = [(i, c.sessions.issue_link(i, destination)) for i in identities]
    links = [(i, token) for i, token in issued if token is not None]  # None: erased meanwhile
    if not links:
        return
    for identity, token in links:
        staff = identity.role == Role.SECRETARIAT
        what = "to the Secretariat console" if staff else f"as {identity.label}"
        lines += [f"Sign in {what}:", f"{base}/sign-in/{token}", ""]
    lines += [f"Each link works once, within {minutes} minutes.", "If you did not ask, ignore it."]
    message = EmailMessage()
    message["Subject"] = "Your sign-in link for the GCM Pledge Tracker"
    message["From"] = settings.mail_from
    message["To"] = email
    message["Message-ID"] = make_msgid(domain="gcm-pledges")
    message.set_content("\n".join(lines))
    try:
        c.mail.send(message)
    except OSError as error:  # smtplib errors are OSErrors; the answer was already the same
        log.warning("sign-in mail not sent", extra={"error": type(error).__name__})


@router.get("/sign-in")
def sign_in_form(request: Request, visitor: VisitorDep) -> Response:
    """`next`: where to land once signed in (a path of this site; anything else is dropped)."""
    wanted = same_site_path(request.query_params.get("next"))
    if visitor.identity is not None and wanted:
        return redirect(wanted)  # signed in already: straight there
    return page(request, visitor, "sign_in.html", {"sent": False, "next": wanted})


@router.post("/sign-in")
def request_link(
    request: Request, visitor: PostedDep, c: ContainerDep, tasks: BackgroundTasks
) -> Response:
    email, wanted = visitor.value("email"), same_site_path(visitor.value("next"))
    if not email or "@" not in email or len(email) > 254:
        error = "Enter your email address, such as name@example.org."
        shown = {"sent": False, "error": error, "next": wanted, "email": email}
        return page(request, visitor, "sign_in.html", shown, 422)
    if not c.sessions.allow_request(email):
        error = "Too many links were asked for this address. Wait 15 minutes and try again."
        shown = {"sent": False, "error": error, "next": wanted, "email": email}
        return page(request, visitor, "sign_in.html", shown, 429)
    tasks.add_task(send_links, c, email, wanted)
    return page(request, visitor, "sign_in.html", {"sent": True, "email": email, "next": wanted})


def link_refused(request: Request, visitor: Visitor) -> Response:
    detail = "This sign-in link has expired or was already used. Ask for a new one."
    return page(request, visitor, "sign_in.html", {"sent": False, "error": detail}, 400)


@router.get("/sign-in/{token}")
def confirm(request: Request, token: str, visitor: VisitorDep) -> Response:
    # Only a token of the issued shape reaches the page, and the form's action is this
    # route's own path for it: a token such as "..\console\..." would otherwise make the
    # browser post the visitor's CSRF token to whatever path the link's author chose.
    if not SessionStore.is_link_token(token):
        return link_refused(request, visitor)
    action = request.app.url_path_for("use_link", token=token)
    return page(request, visitor, "confirm.html", {"action": action})


@router.post("/sign-in/{token}")
def use_link(request: Request, token: str, visitor: PostedDep, c: ContainerDep) -> Response:
    link = c.sessions.consume_link(token)
    if link is None:
        return link_refused(request, visitor)
    identity = link.identity
    opened = c.sessions.open_session(identity)
    if opened is None:  # the contact was erased since the link was mailed
        return link_refused(request, visitor)
    session_id, _expires = opened
    home = "/console" if identity.role == Role.SECRETARIAT else "/my"
    response = redirect(link.destination or home)  # a reminder's: the pledge's report form
    settings = c.settings
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=not settings.is_development,
        path="/",
    )
    return response


@router.post("/sign-out")
def sign_out(visitor: PostedDep, c: ContainerDep) -> Response:
    if visitor.session_id:
        c.sessions.close(visitor.session_id)
    response = redirect("/sign-in?done=signed-out")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
