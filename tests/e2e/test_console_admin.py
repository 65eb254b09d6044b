"""The console's pledgers, contacts and API tokens over HTTP: a staff member adds and edits a
pledger, manages and erases its contacts, creates a token that then works against the JSON API
and revokes it; a pledger reaches none of these pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from domain.taxonomy import Role
from infrastructure.tokens import TokenStore
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.integration.recompute import wait_caught_up

PLEDGER_PAGE = re.compile(r"/console/pledgers/([0-9a-f-]{36})")
SECRET = re.compile(r'<code id="token-secret">([^<]+)</code>')
ROW = '<a href="/console/pledgers/{pid}">{name}</a>'


portal = portal_fixture("console-admin")


@pytest.fixture(scope="module")
def staff(portal: Portal) -> Iterator[TestClient]:
    """One signed-in staff member for the module: sign-in links are rate limited per address."""
    with portal.client() as client:
        sign_in(portal, client, STAFF_EMAIL)
        yield client


def test_staff_add_a_pledger_after_an_error_then_edit_it(portal: Portal, staff: TestClient) -> None:
    csrf = csrf_of(staff.get("/console/pledgers").text)
    state = {"csrf": csrf, "name": "Republic of Cabo Verde", "category": "member_state"}
    refused = staff.post("/console/pledgers", data=state)
    assert refused.status_code == 422
    assert "country: a State names its country" in refused.text
    assert 'value="Republic of Cabo Verde"' in refused.text  # what was typed is kept
    added = staff.post("/console/pledgers", data={**state, "country": "CPV"})
    assert added.status_code == 303, added.text
    found = PLEDGER_PAGE.search(added.headers["location"])
    assert found is not None
    pledger_id = found.group(1)
    edit = {**state, "country": "CPV", "name": "Cabo Verde", "gcm_champion": "on"}
    assert staff.post(f"/console/pledgers/{pledger_id}/edit", data=edit).status_code == 303
    shown = staff.get(f"/console/pledgers/{pledger_id}")
    assert "<h1>Cabo Verde</h1>" in shown.text and "GCM Champion" in shown.text
    pledger = portal.container.app.get_pledger(UUID(pledger_id))
    assert (pledger.name, pledger.gcm_champion, pledger.version) == ("Cabo Verde", True, 2)


def test_staff_add_edit_remove_and_erase_contacts(portal: Portal, staff: TestClient) -> None:
    pid = portal.pledger("Porto civil society", "porto@example.org")
    page = staff.get(f"/console/pledgers/{pid}")
    assert "porto@example.org" in page.text
    csrf = csrf_of(page.text)
    bad = {"csrf": csrf, "name": "Rui", "email": "not an address"}
    refused = staff.post(f"/console/pledgers/{pid}/contact", data=bad)
    assert refused.status_code == 422 and "is not an email address" in refused.text
    good = {**bad, "email": "rui@porto.example.org", "position": "Director"}
    assert staff.post(f"/console/pledgers/{pid}/contact", data=good).status_code == 303
    contacts = portal.container.contacts.list(UUID(pid))
    rui = next(c for c in contacts if c.name == "Rui")
    wait_caught_up(portal.container)  # the list reads the pledgers' read model
    row = ROW.format(pid=pid, name="Porto civil society")
    assert re.search(row + r'.*?<td class="num">2</td></tr>', staff.get("/console/pledgers").text)
    changed = {**good, "email": "rui.silva@porto.example.org"}
    path = f"/console/pledgers/{pid}/contacts/{rui.id}"
    assert staff.post(f"{path}/edit", data=changed).status_code == 303
    assert "rui.silva@porto.example.org" in staff.get(f"/console/pledgers/{pid}").text
    assert staff.post(f"{path}/remove", data={"csrf": csrf}).status_code == 303
    assert staff.post(f"{path}/remove", data={"csrf": csrf}).status_code == 404
    assert "rui.silva" not in staff.get(f"/console/pledgers/{pid}").text

    assert staff.post(f"/console/pledgers/{pid}/erase", data={"csrf": csrf}).status_code == 303
    assert "porto@example.org" not in staff.get(f"/console/pledgers/{pid}").text
    assert portal.container.contacts.list(pid) == []  # type: ignore[arg-type]
    with portal.container.database.pool().connection() as conn:
        erased = conn.execute(
            "SELECT erased_count FROM contact_erasures WHERE pledger_id = %s", (pid,)
        ).fetchall()
    assert erased == [(1,)]


def created_secret(staff: TestClient, form: dict[str, str]) -> str:
    created = staff.post("/console/tokens", data=form)
    assert created.status_code == 201, created.text
    assert created.headers["cache-control"] == "no-store"  # the secret stays in no cache
    assert "Copy it now: it is shown only this once." in created.text
    found = SECRET.search(created.text)
    assert found is not None
    return found.group(1)


def test_a_token_is_shown_once_works_and_stops_working_when_revoked(
    portal: Portal, staff: TestClient
) -> None:
    pid = portal.pledger("Braga association", "braga@example.org")
    csrf = csrf_of(staff.get("/console/tokens").text)
    wrong = {"csrf": csrf, "name": "Braga import", "role": "pledger"}
    refused = staff.post("/console/tokens", data=wrong)
    assert refused.status_code == 422 and "a pledger token names its pledger" in refused.text
    pledgers_secret = created_secret(staff, {**wrong, "pledger": pid})
    secretariat_secret = created_secret(
        staff, {**wrong, "name": "Dashboard sync", "role": "secretariat"}
    )
    listing = staff.get("/console/tokens").text
    assert "Braga import" in listing and "Dashboard sync" in listing
    assert pledgers_secret not in listing and secretariat_secret not in listing  # shown once
    body = {"name": "Minho network", "category": "civil_society", "gcm_champion": False}

    def register(secret: str) -> int:
        headers = {"Authorization": f"Bearer {secret}"}
        return staff.post("/api/pledgers", json=body, headers=headers).status_code

    assert register(pledgers_secret) == 403  # a pledger's token acts for that pledger only
    assert register(secretariat_secret) == 201
    tokens = TokenStore(portal.container.database.pool()).list()
    token_id = max(t.id for t in tokens if t.name == "Dashboard sync")
    revoked = staff.post(f"/console/tokens/{token_id}/revoke", data={"csrf": csrf})
    assert revoked.status_code == 303
    assert register(secretariat_secret) == 401
    assert staff.post(f"/console/tokens/{token_id}/revoke", data={"csrf": csrf}).status_code == 404


def admin_posts(pid: str, contact_id: int, token_id: int) -> list[str]:
    contact = f"/console/pledgers/{pid}/contacts/{contact_id}"
    return [
        "/console/pledgers",
        f"/console/pledgers/{pid}/edit",
        f"/console/pledgers/{pid}/contact",
        f"/console/pledgers/{pid}/erase",
        f"{contact}/edit",
        f"{contact}/remove",
        "/console/tokens",
        f"/console/tokens/{token_id}/revoke",
    ]


def test_a_pledger_reaches_no_admin_page_and_posts_need_csrf(
    portal: Portal, staff: TestClient
) -> None:
    pid = portal.pledger("Faro network", "faro@example.org")
    contact_id = portal.container.contacts.list(UUID(pid))[0].id
    assert contact_id is not None
    tokens = TokenStore(portal.container.database.pool())
    token_id = tokens.create(Role.SECRETARIAT, "Faro sync")[0].id
    form = {"name": "x", "category": "civil_society", "role": "secretariat", "email": "a@b.example"}
    with portal.client() as pledger:
        sign_in(portal, pledger, "faro@example.org")
        csrf = csrf_of(pledger.get("/my").text)
        for path in ("/console/pledgers", f"/console/pledgers/{pid}", "/console/tokens"):
            refused = pledger.get(path)
            assert refused.status_code == 403, path
            assert "This page is for the Secretariat only." in refused.text
        for path in admin_posts(pid, contact_id, token_id):
            assert pledger.post(path, data={**form, "csrf": csrf}).status_code == 403, path
    for path in admin_posts(pid, contact_id, token_id):  # staff, but no or a foreign token
        assert staff.post(path, data=form).status_code == 403, path
        refused = staff.post(path, data={**form, "csrf": csrf})
        assert refused.status_code == 403 and "The form has expired" in refused.text, path
    assert [c.email for c in portal.container.contacts.list(UUID(pid))] == ["faro@example.org"]
    assert portal.container.app.get_pledger(UUID(pid)).name == "Faro network"
    assert all(t.revoked_at is None for t in tokens.list() if t.id == token_id)


def test_unknown_pledgers_contacts_and_tokens_are_404_pages(
    portal: Portal, staff: TestClient
) -> None:
    pid = portal.pledger("Lagos cooperative", "lagos@example.org")
    csrf = csrf_of(staff.get("/console/pledgers").text)
    for path in (f"/console/pledgers/{uuid4()}", "/console/pledgers/not-a-uuid"):
        missing = staff.get(path)
        assert missing.status_code == 404 and "There is no such pledger." in missing.text
    gone = staff.post(f"/console/pledgers/{uuid4()}/edit", data={"csrf": csrf, "name": "x"})
    assert gone.status_code == 404
    edit = {"csrf": csrf, "name": "Rui", "email": "rui@example.org"}
    other = staff.post(f"/console/pledgers/{pid}/contacts/999999/edit", data=edit)
    assert other.status_code == 404 and "This pledger has no such contact." in other.text
    assert staff.post("/console/tokens/999999/revoke", data={"csrf": csrf}).status_code == 404
