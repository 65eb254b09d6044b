"""Registering through the pages, and reading the mails a real SMTP server received."""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

from fastapi.testclient import TestClient

from domain.taxonomy import Role
from tests.e2e.portal_helpers import Portal, csrf_of, text_of

CONFIRM = re.compile(r"https?://\S+/register/confirm/([A-Za-z0-9_\-]+)")


def unique_email(who: str = "focal") -> str:
    return f"{who}.{secrets.token_hex(4)}@example.org"


def form(**changes: str) -> dict[str, str]:
    typed = {
        "organisation": "City of Braga",
        "category": "local_regional_government",
        "country": "PRT",
        "name": "Rita Costa",
        "email": unique_email(),
        "position": "Head of international relations",
        "language": "en",
    }
    typed.update(changes)
    return typed


def post_form(client: TestClient, typed: dict[str, str]) -> Any:
    page = client.get("/register")
    return client.post("/register", data={**typed, "csrf": csrf_of(page.text)})


def mails_to(portal: Portal, email: str) -> list[Any]:
    return [message for recipients, message in portal.mails() if email in recipients]


def confirm_tokens(portal: Portal, email: str, count: int = 1) -> list[str]:
    """The confirmation links mailed to the address, once there are `count` (the mail goes
    in a background task after the answer)."""

    def tokens() -> list[str]:
        return [t for m in mails_to(portal, email) for t in CONFIRM.findall(text_of(m))]

    deadline = time.monotonic() + 30
    while len(found := tokens()) < count:
        assert time.monotonic() < deadline, f"{count} confirmation link(s) to {email}"
        time.sleep(0.05)
    return found


ACTION = re.compile(r'<form method="post" action="([^"]+)"')


def confirm(client: TestClient, token: str) -> Any:
    """As a browser would: the confirmation page's own form, posted where it says."""
    page = client.get(f"/register/confirm/{token}")
    forms = [a for a in ACTION.findall(page.text) if a.startswith("/register/confirm/")]
    action = forms[0] if forms else f"/register/confirm/{token}"
    return client.post(action, data={"csrf": csrf_of(page.text)})


def registered(portal: Portal, client: TestClient, **changes: str) -> tuple[str, str]:
    """A confirmed request made through the pages: its email and its id (from the queue)."""
    typed = form(**changes)
    assert post_form(client, typed).status_code == 200
    assert confirm(client, confirm_tokens(portal, typed["email"])[0]).status_code == 200
    found = [
        r for r in portal.container.registrations.listed("confirmed") if r.email == typed["email"]
    ]
    return typed["email"], str(found[0].id)


def secretariat_token(portal: Portal) -> str:
    return portal.container.tokens.create(Role.SECRETARIAT, "registrations test")[1]
