"""Signed-in navigation: every page says Sign in (and Register) or My pledges / Console and
Sign out; after signing in a person lands where they were going, on this site only; a
pledger sees where to act on its own pledge from the public page."""

from __future__ import annotations

import re

import pytest

from api.schemas.pledges import PledgeCreate
from domain.taxonomy import Role
from domain.values import Actor
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.factories import wire_pledge

portal = portal_fixture("navigation")
SIGNED_OUT_PAGES = ["/", "/report", "/register", "/sign-in", "/pledges/GCM-2000-0001"]
# Each would leave the site once a browser follows it, or hides a way to.
BAD_NEXT = [
    "//evil.example.org",
    "/\\evil.example.org",
    "https://evil.example.org/my",
    "javascript:alert(1)",
    "evil.example.org",
    "/%2F%2Fevil.example.org",
    "/%5Cevil.example.org",
    "/%252F%252Fevil.example.org",
    "/%09/evil.example.org",
    "/%0D%0ALocation:%20https://evil.example.org",
    "/ my",
    "",
]


def pledge_of(portal: Portal, email: str) -> tuple[str, str]:
    """A pledger with a contact at this address, and a pledge of its; (its id, reference)."""
    pid = portal.pledger(f"Pledger {email[:5]}", email)
    body = PledgeCreate.model_validate(wire_pledge(pid))
    result = portal.container.app.submit(
        body.pledger_id, body.content(), body.pledged_on, body.deadline, Actor(pid, Role.PLEDGER)
    )
    return pid, str(result.reference)


@pytest.mark.parametrize("path", SIGNED_OUT_PAGES)
def test_signed_out_pages_offer_sign_in_and_register(portal: Portal, path: str) -> None:
    with portal.client() as client:
        page = client.get(path)
    assert 'id="nav-sign-in"' in page.text and 'id="nav-register"' in page.text, path
    assert 'id="nav-sign-out"' not in page.text


def test_a_signed_in_pledger_sees_my_pledges_and_sign_out_everywhere(portal: Portal) -> None:
    _pid, ref = pledge_of(portal, "nav.pledger@example.org")
    _other, theirs = pledge_of(portal, "nav.other@example.org")
    with portal.client() as client:
        sign_in(portal, client, "nav.pledger@example.org")
        for path in ("/", "/report", f"/pledges/{ref}", "/my", "/register"):
            page = client.get(path)
            assert page.status_code == 200, path
            assert '<a href="/my" id="nav-home"' in page.text and 'id="nav-sign-out"' in page.text
            assert 'id="nav-sign-in"' not in page.text and 'id="nav-register"' not in page.text
            assert (
                "private" in page.headers["cache-control"]
                or "no-store" in page.headers["cache-control"]
            ), path
        own = client.get(f"/pledges/{ref}")
        assert f'<a href="/my/pledges/{ref}">' in own.text  # where to act on it
        assert "act-on-pledge" not in client.get(f"/pledges/{theirs}").text
        out = client.post("/sign-out", data={"csrf": csrf_of(client.get("/").text)})
        assert out.status_code == 303
        assert 'id="nav-sign-in"' in client.get(f"/pledges/{ref}").text


def test_the_secretariat_sees_console(portal: Portal) -> None:
    _pid, ref = pledge_of(portal, "nav.console@example.org")
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        page = staff.get("/")
        assert '<a href="/console" id="nav-home"' in page.text and "nav-sign-out" in page.text
        assert f'href="/console/pledges/{ref}"' in staff.get(f"/pledges/{ref}").text


def test_signing_in_lands_where_the_person_was_going(portal: Portal) -> None:
    _pid, ref = pledge_of(portal, "nav.going@example.org")
    wanted = f"/my/pledges/{ref}"
    with portal.client() as client:
        first = client.get(wanted)
        assert first.status_code == 303
        assert first.headers["location"] == f"/sign-in?next={wanted}"
        form = client.get(first.headers["location"])
        assert f'name="next" value="{wanted}"' in form.text
        sent = client.post(
            "/sign-in",
            data={"email": "nav.going@example.org", "next": wanted, "csrf": csrf_of(form.text)},
        )
        assert sent.status_code == 200
        token = portal.wait_for_links("nav.going@example.org", 1)[-1]
        page = client.get(f"/sign-in/{token}")
        used = client.post(f"/sign-in/{token}", data={"csrf": csrf_of(page.text)})
        assert used.headers["location"] == wanted
        assert ref in client.get(wanted).text
        # Signed in already, a sign-in page with `next` goes straight there.
        assert client.get(f"/sign-in?next={wanted}").headers["location"] == wanted


@pytest.mark.parametrize("bad", BAD_NEXT)
def test_a_next_that_would_leave_the_site_is_dropped(portal: Portal, bad: str) -> None:
    email = f"nav.bad{BAD_NEXT.index(bad)}@example.org"  # sign-in links are rate limited
    portal.pledger("Pledger bad next", email)
    with portal.client() as client:
        form = client.get("/sign-in", params={"next": bad})
        assert form.status_code == 200 and 'name="next"' not in form.text
        before = len(portal.links_for(email))
        client.post("/sign-in", data={"email": email, "next": bad, "csrf": csrf_of(form.text)})
        token = portal.wait_for_links(email, before + 1)[-1]
        page = client.get(f"/sign-in/{token}")
        used = client.post(f"/sign-in/{token}", data={"csrf": csrf_of(page.text)})
        assert used.status_code == 303 and used.headers["location"] == "/my", bad


def test_the_sign_in_link_of_each_page_carries_it_as_next(portal: Portal) -> None:
    with portal.client() as client:
        page = client.get("/report?group=round_table")
    found = re.search(r'href="(/sign-in[^"]*)" id="nav-sign-in"', page.text)
    assert found and found.group(1) == "/sign-in?next=/report%3Fgroup%3Dround_table"
    with portal.client() as client:
        assert (
            'name="next" value="/report?group=round_table"'
            in client.get("/sign-in?next=/report%3Fgroup%3Dround_table").text
        )
