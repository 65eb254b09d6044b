"""Erasure ends access at once (finding 4 of issue 13): once a contact is removed, its address
changed, or every contact of a pledger erased (in the console or by `pledges contacts erase`),
that person's open sessions and unused sign-in links stop working, and the .eml files mailed
to the address (no SMTP server here) are gone while every other one stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.contacts import Contact
from service.cli import app as cli
from tests.conftest import as_url
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.factories import content

portal = portal_fixture("erasure", mail_files=True)


@pytest.fixture(scope="module")
def staff(portal: Portal) -> Iterator[TestClient]:
    with portal.client() as client:
        sign_in(portal, client, STAFF_EMAIL)
        yield client


def pledger_with(portal: Portal, *emails: str) -> tuple[str, str]:
    """A pledger with these contacts and one pledge of its own: (pledger id, reference)."""
    admin = Actor("test", Role.SECRETARIAT)
    c = portal.container
    pid = c.app.register_pledger("Lisbon network", Category.CIVIL_SOCIETY, "PRT", False, admin)
    c.contacts.add(pid, [Contact(name=e.split("@")[0], email=e) for e in emails])
    owner = Actor(str(pid), Role.PLEDGER)
    result = c.app.submit(pid, content(), date(2026, 1, 10), date(2029, 12, 31), owner)
    return str(pid), result.reference


def open_access(portal: Portal, client: TestClient, email: str) -> str:
    """Signs the client in as the address and asks for one more link; that link."""
    sign_in(portal, client, email)
    csrf = csrf_of(client.get("/sign-in").text)
    assert client.post("/sign-in", data={"email": email, "csrf": csrf}).status_code == 200
    return portal.wait_for_links(email, 2)[-1]


def can_report(portal: Portal, client: TestClient, reference: str) -> bool:
    """Whether the client is still signed in: it sees /my and files a report, or it is sent
    to sign in and its report is refused (and the pledge did not take it)."""
    before = portal.container.app.get_pledge(reference).version
    mine = client.get("/my")
    signed_in = mine.status_code == 200
    if not signed_in:
        assert mine.status_code == 303 and mine.headers["location"] == "/sign-in"
    csrf = csrf_of((mine if signed_in else client.get("/sign-in")).text)
    filed = client.post(
        f"/my/pledges/{reference}/reports",
        data={"csrf": csrf, "as_of": "2026-03-01", "percent_complete": "10", "narrative": "x"},
    )
    assert filed.status_code == (303 if signed_in else 403), filed.text
    assert portal.container.app.get_pledge(reference).version == before + signed_in
    return signed_in


def link_works(portal: Portal, link: str) -> bool:
    with portal.client() as fresh:
        page = fresh.get(f"/sign-in/{link}")
        used = fresh.post(f"/sign-in/{link}", data={"csrf": csrf_of(page.text)})
        return used.status_code == 303


def mailed_to(portal: Portal, email: str) -> int:
    return sum(email in recipients for recipients, _message in portal.mails())


def contact_id(portal: Portal, pid: str, email: str) -> int:
    found = [c.id for c in portal.container.contacts.list(UUID(pid)) if c.email == email]
    assert found and found[0] is not None
    return found[0]


def test_removing_one_contact_in_the_console_ends_only_its_access(
    portal: Portal, staff: TestClient
) -> None:
    ana, rui = "ana@removed.example.org", "rui@kept.example.org"
    pid, reference = pledger_with(portal, ana, rui)
    with portal.client() as ana_client, portal.client() as rui_client:
        ana_link, rui_link = (
            open_access(portal, ana_client, ana),
            open_access(portal, rui_client, rui),
        )
        assert mailed_to(portal, ana) == 2 and mailed_to(portal, rui) == 2
        staff_mails = mailed_to(portal, STAFF_EMAIL)
        csrf = csrf_of(staff.get(f"/console/pledgers/{pid}").text)
        path = f"/console/pledgers/{pid}/contacts/{contact_id(portal, pid, ana)}/remove"
        assert staff.post(path, data={"csrf": csrf}).status_code == 303
        assert not can_report(portal, ana_client, reference)
        assert not link_works(portal, ana_link)
        assert mailed_to(portal, ana) == 0
        assert can_report(portal, rui_client, reference)
        assert mailed_to(portal, rui) == 2 and mailed_to(portal, STAFF_EMAIL) == staff_mails
        assert link_works(portal, rui_link)


def test_changing_a_contacts_address_ends_the_old_address_access(
    portal: Portal, staff: TestClient
) -> None:
    old, kept = "old@moved.example.org", "same@moved.example.org"
    pid, reference = pledger_with(portal, old, kept)
    with portal.client() as old_client, portal.client() as kept_client:
        old_link, kept_link = (
            open_access(portal, old_client, old),
            open_access(portal, kept_client, kept),
        )
        csrf = csrf_of(staff.get(f"/console/pledgers/{pid}").text)
        base = f"/console/pledgers/{pid}/contacts"
        moved = {"csrf": csrf, "name": "Old", "email": "new@moved.example.org"}
        renamed = {"csrf": csrf, "name": "Renamed", "email": kept}
        assert (
            staff.post(f"{base}/{contact_id(portal, pid, old)}/edit", data=moved).status_code == 303
        )
        assert (
            staff.post(f"{base}/{contact_id(portal, pid, kept)}/edit", data=renamed).status_code
            == 303
        )
        assert not can_report(portal, old_client, reference)
        assert not link_works(portal, old_link)
        assert mailed_to(portal, old) == 0
        assert can_report(portal, kept_client, reference)  # a new name is the same person
        assert link_works(portal, kept_link)


def test_erasing_every_contact_in_the_console_ends_all_the_pledgers_access(
    portal: Portal, staff: TestClient
) -> None:
    first, second = "first@erased.example.org", "second@erased.example.org"
    pid, reference = pledger_with(portal, first, second)
    _other, other_reference = pledger_with(portal, "other@untouched.example.org")
    with portal.client() as a, portal.client() as b, portal.client() as other:
        links = [open_access(portal, a, first), open_access(portal, b, second)]
        other_link = open_access(portal, other, "other@untouched.example.org")
        csrf = csrf_of(staff.get(f"/console/pledgers/{pid}").text)
        assert staff.post(f"/console/pledgers/{pid}/erase", data={"csrf": csrf}).status_code == 303
        assert not can_report(portal, a, reference) and not can_report(portal, b, reference)
        assert not any(link_works(portal, link) for link in links)
        assert mailed_to(portal, first) == mailed_to(portal, second) == 0
        assert can_report(portal, other, other_reference)
        assert mailed_to(portal, "other@untouched.example.org") == 2
        assert link_works(portal, other_link)


def test_erasing_on_the_command_line_ends_the_access_and_removes_the_mail(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    email, kept = "cli@erased.example.org", "cli@untouched.example.org"
    pid, reference = pledger_with(portal, email)
    _other, other_reference = pledger_with(portal, kept)
    with portal.client() as client, portal.client() as other:
        link = open_access(portal, client, email)
        open_access(portal, other, kept)
        monkeypatch.setenv("DATABASE_URL", as_url(portal.container.database))
        monkeypatch.setenv("DATA_DIR", str(portal.container.settings.data_dir))
        erased = CliRunner().invoke(cli, ["contacts", "erase", pid, "--yes"])
        assert erased.exit_code == 0 and "Erased 1 contact(s)" in erased.output, erased.output
        assert not can_report(portal, client, reference)
        assert not link_works(portal, link)
        assert mailed_to(portal, email) == 0
        assert can_report(portal, other, other_reference) and mailed_to(portal, kept) == 2
