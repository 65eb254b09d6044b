"""Three cities, their tokens, the API as each calls it, and the mails each receives."""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import httpx2 as httpx

from domain.taxonomy import Role
from tests.e2e.portal_helpers import Portal, text_of
from tests.e2e.registration_helpers import mails_to, unique_email
from tests.factories import wire_pledge
from tests.integration.recompute import wait_caught_up


@dataclass
class City:
    name: str
    id: str
    email: str
    token: str


def city(portal: Portal, name: str) -> City:
    email = unique_email(name.split()[-1].lower())
    pid = portal.pledger(name, email)
    token = portal.container.tokens.create(Role.PLEDGER, name, UUID(pid))[1]
    return City(name, pid, email, token)


def call(portal: Portal, method: str, path: str, token: str | None, **kw: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with portal.client() as client:
        return client.request(method, path, headers=headers, **kw)


def joint_pledge(portal: Portal, owner: City, title: str) -> str:
    body = wire_pledge(owner.id, title=title, type="partnership")
    made = call(portal, "POST", "/api/pledges", owner.token, json=body)
    assert made.status_code == 201, made.text
    return str(made.json()["reference"])


def invite(portal: Portal, ref: str, owner: City, **body: Any) -> str:
    answer = call(portal, "POST", f"/api/pledges/{ref}/partner-invitations", owner.token,
                  json={"contribution": "Teachers for the courses", **body})  # fmt: skip
    assert answer.status_code == 201, answer.text
    return str(answer.json()["invitation_id"])


def answer(portal: Portal, ref: str, iid: str, what: str, who: City, **body: Any) -> Any:
    path = f"/api/pledges/{ref}/partner-invitations/{iid}/{what}"
    return call(portal, "POST", path, who.token, json=body)


def mail_to(portal: Portal, email: str, subject_part: str) -> EmailMessage:
    """The mail to `email` whose subject says `subject_part` (sent after the answer)."""
    deadline = time.monotonic() + 30
    while True:
        found = [m for m in mails_to(portal, email) if subject_part in str(m["Subject"])]
        if found:
            return found[-1]
        assert time.monotonic() < deadline, f"no mail '{subject_part}' to {email}"
        time.sleep(0.05)


def public_texts(portal: Portal, ref: str) -> dict[str, str]:
    """Everything the public reads about the pledges, once the read models caught up."""
    wait_caught_up(portal.container)
    paths = {
        "list": "/api/pledges?limit=200",
        "pledge": f"/api/pledges/{ref}",
        "page": f"/pledges/{ref}",
        "csv": "/api/exports/pledges.csv",
        "json": "/api/exports/pledges.json",
        "report": "/report",
        "dashboard": "/api/dashboard",
        "dashboard page": "/",
    }
    texts = {}
    for what, path in paths.items():
        got = call(portal, "GET", path, None)
        assert got.status_code == 200, (what, got.status_code)
        texts[what] = got.text
    return texts


def body_of(message: EmailMessage) -> str:
    return text_of(message)
