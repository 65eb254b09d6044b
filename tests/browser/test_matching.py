"""Matching in Debian's chromium, as issue 16 tells it: D finds A's matching pledge on
/matching, offers technical support from its own pledge; nothing of the offer is public; A
accepts it from "My pledges"; the public pages show the match on both pledges. Screenshots go
to test-artifacts/ (matching.png: the list; matched-pledge.png: A's public page)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from uuid import UUID

import pytest
from playwright.sync_api import Browser, sync_playwright

from api.main import create_app
from domain.taxonomy import PledgeType, Region, Role, Support
from domain.values import Actor, Money, Sought
from tests.browser.conftest import run_uvicorn
from tests.browser.test_portal import ARGS, ARTIFACTS, sign_in
from tests.conftest import SERVER_URL, _session_database
from tests.e2e.portal_helpers import Portal, serve_portal
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.integration.smtp import free_port

OFFER = "Two case-management experts for six months, seconded by our migrant services office."
SEEKING = (
    Sought(Support.TECHNICAL, "Experts to set up a case-management system"),
    Sought(Support.FINANCIAL, "Running costs", Money(Decimal(50000), "EUR")),
)


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Portal, str]]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        folder = tmp_path_factory.mktemp("browser-matching")
        for portal in serve_portal(database, folder, review_pledges=False):
            app = create_app(portal.container)
            for url in run_uvicorn(app, free_port(), lifespan="auto"):
                yield portal, url


def submitted(portal: Portal, pledger_id: str, **changes: object) -> str:
    actor = Actor(pledger_id, Role.PLEDGER)
    made = content(region=Region.EUROPE_NORTH_AMERICA, **changes)
    app = portal.container.app
    result = app.submit(UUID(pledger_id), made, PLEDGED_ON, DEADLINE, actor)
    portal.container.queries.wait_for(result.position or 0, 10)
    return result.reference


def test_d_offers_technical_support_and_a_accepts_it(live: tuple[Portal, str]) -> None:
    portal, url = live
    a_id = portal.pledger("City of Lisbon", "focal@lisboa.example.org")
    d_id = portal.pledger("City of Montevideo", "focal@montevideo.example.org")
    seeking = submitted(
        portal, a_id, type=PledgeType.MATCHING, objectives=(7, 16), seeking=SEEKING,
        title="Case management for migrants in vulnerable situations",
    )  # fmt: skip
    own = submitted(portal, d_id, type=PledgeType.INDIVIDUAL, title="Montevideo migrant services")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            offered(browser, portal, url, seeking, own)
            public = f"{url}/pledges/{seeking}"
            anonymous = browser.new_page()
            anonymous.goto(public)
            assert OFFER not in anonymous.content()  # nothing unaccepted is public
            shown = anonymous.inner_text("section[aria-labelledby=matches-title]")
            assert "No matches yet." in shown
            accepted(browser, portal, url, seeking)
            anonymous.goto(public)
            matches = anonymous.inner_text("#matches")
            assert "City of Montevideo" in matches and OFFER in matches and own in matches
            assert "EUR" in anonymous.inner_text("#balances")
            anonymous.screenshot(path=str(ARTIFACTS / "matched-pledge.png"), full_page=True)
            anonymous.goto(f"{url}/pledges/{own}")
            assert seeking in anonymous.inner_text("#matches-given")
        finally:
            browser.close()


def offered(browser: Browser, portal: Portal, url: str, seeking: str, own: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, portal, url, "focal@montevideo.example.org")
    page.wait_for_url(f"{url}/my")
    page.click("#nav-matching")
    page.select_option("#f-support", "technical")
    page.click("text=Apply filters")
    item = page.locator(f"li[data-reference='{seeking}']")
    assert "Experts to set up a case-management system" in item.inner_text()
    page.screenshot(path=str(ARTIFACTS / "matching.png"), full_page=True)
    item.locator(".offer-support").click()
    page.select_option("#support", "technical")
    page.fill("#description", OFFER)
    page.select_option("#pledge_id", own)
    page.click("#send-offer")
    page.wait_for_url(f"{url}/my?done=offer")
    page.close()


def accepted(browser: Browser, portal: Portal, url: str, seeking: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, portal, url, "focal@lisboa.example.org")
    page.wait_for_url(f"{url}/my")
    waiting = page.inner_text("#offers-waiting")
    assert "City of Montevideo" in waiting and OFFER in waiting
    page.click("#offers-waiting .accept-offer")
    page.wait_for_url(f"{url}/my?done=acceptance")
    assert OFFER in page.inner_text("#matches-received")
    page.close()
