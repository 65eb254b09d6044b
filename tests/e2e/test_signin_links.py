"""Sign-in links whose token is not one the service issues (finding 3 of issue 13): the
confirmation page must never carry a form that posts anywhere but the link's own route, or a
signed-in staff member who presses "Sign in" acts on a path an attacker chose."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from tests.e2e.portal_helpers import (
    STAFF_EMAIL,
    Portal,
    csrf_of,
    portal_fixture,
    sign_in,
    text_of,
)

portal = portal_fixture("signin-links")
ACTION = re.compile(r'<form[^>]*\baction="([^"]*)"')
EXPIRED = "This sign-in link has expired or was already used"
# Encoded backslashes, slashes, dot segments and double slashes: each would make the old
# form's action leave /sign-in/ once the browser resolves it.
BAD_TOKENS = [
    "..%5Cconsole%5Cpledgers%5C{pid}%5Cerase",
    "..%5C..%5Csign-out",
    "%2E%2E%5Cconsole%5Ctokens%5C1%5Crevoke",
    "..%2Fconsole%2Fpledgers%2F{pid}%2Ferase",
    "%2E%2E",
    "%2e%2E%5C",
    "%2E%2E%5C%2E%2E%5C%5Cevil.example.org",
    "%5C%5Cevil.example.org",
    "%2F%2Fevil.example.org",
    "x" * 42 + "%5C",
    "x" * 44,
    "x" * 42 + ".",
    "x" * 42 + "%20",
]


@pytest.fixture(scope="module")
def staff(portal: Portal) -> Iterator[TestClient]:
    with portal.client() as client:
        sign_in(portal, client, STAFF_EMAIL)
        yield client


@pytest.mark.parametrize("shape", BAD_TOKENS)
def test_a_badly_shaped_link_renders_no_form_but_the_expired_page(
    portal: Portal, staff: TestClient, shape: str
) -> None:
    pid = portal.pledger(f"Target {shape[:6]}", f"t{secrets.token_hex(4)}@example.org")
    token = shape.format(pid=pid)
    with portal.client() as stranger:
        for client in (staff, stranger):
            page = client.get(f"/sign-in/{token}")
            assert 400 <= page.status_code < 500, (token, page.status_code)
            assert 'id="confirm-sign-in"' not in page.text
            assert set(ACTION.findall(page.text)) <= {"/sign-in", "/sign-out"}, token
            if page.status_code == 400:
                assert EXPIRED in page.text
            csrf = csrf_of(client.get("/sign-in").text)
            assert 400 <= client.post(f"/sign-in/{token}", data={"csrf": csrf}).status_code < 500
    assert len(portal.container.contacts.list(UUID(pid))) == 1


def test_the_attack_from_the_issue_leaves_the_contacts_and_the_staff_session(
    portal: Portal, staff: TestClient
) -> None:
    pid = portal.pledger("Lisbon civil society", "lisbon@example.org")
    page = staff.get(f"/sign-in/..%5Cconsole%5Cpledgers%5C{pid}%5Cerase")
    assert page.status_code == 400 and EXPIRED in page.text
    assert "erase" not in " ".join(ACTION.findall(page.text))
    assert [c.email for c in portal.container.contacts.list(UUID(pid))] == ["lisbon@example.org"]
    assert staff.get("/console").status_code == 200


def test_a_well_shaped_link_posts_to_its_own_route_only(portal: Portal) -> None:
    token = secrets.token_urlsafe(32)  # the shape the service issues, though never issued
    with portal.client() as client:
        page = client.get(f"/sign-in/{token}")
        assert page.status_code == 200
        assert ACTION.findall(page.text) == [f"/sign-in/{token}"]
        used = client.post(f"/sign-in/{token}", data={"csrf": csrf_of(page.text)})
        assert used.status_code == 400 and EXPIRED in used.text


def test_the_sign_in_mail_says_where_each_link_leads(portal: Portal) -> None:
    """Staff read "Sign in to the Secretariat console" (it said "Sign in as the Secretariat
    console"); a contact reads which organisation the link signs them in as."""
    portal.pledger("City of Tavira", "focal@tavira.example.org")
    with portal.client() as client:
        for email in (STAFF_EMAIL, "focal@tavira.example.org"):
            sign_in(portal, client, email)
    texts = [text_of(m).replace("\r\n", "\n") for recipients, m in portal.mails() if recipients]
    staff = [t for t in texts if "Someone (we hope you)" in t and "console" in t]
    assert staff and all("Sign in to the Secretariat console:\n" in t for t in staff)
    assert not any("Sign in as the Secretariat" in t for t in texts)
    assert any("Sign in as City of Tavira:\n" in t for t in texts)
