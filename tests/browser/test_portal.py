"""The portal in Debian's chromium: sign in by the link caught by a real SMTP server, submit a
pledge with an error then fixed, file a report, find it on the public dashboard; a staff
member opens its history and the as-of view and creates an API token; a second pledger gets
403 on the first one's pledge, and a post without the CSRF token is refused. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from api.main import create_app
from tests.conftest import SERVER_URL, _session_database
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, serve_portal
from tests.factories import DESCRIPTION
from tests.integration.smtp import free_port

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Portal, str]]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        for portal in serve_portal(
            database, tmp_path_factory.mktemp("browser"), environment="development"
        ):
            port = free_port()
            server = uvicorn.Server(
                uvicorn.Config(
                    create_app(portal.container), host="127.0.0.1", port=port, log_level="warning"
                )
            )
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.05)
            try:
                yield portal, f"http://127.0.0.1:{port}"
            finally:
                server.should_exit = True
                thread.join(10)


def sign_in(page: Page, portal: Portal, url: str, email: str) -> None:
    before = len(portal.links_for(email))
    page.goto(f"{url}/sign-in")
    page.fill("#email", email)
    page.click("text=Email me a sign-in link")
    page.wait_for_selector("#link-sent")
    token = portal.wait_for_links(email, before + 1)[-1]
    page.goto(f"{url}/sign-in/{token}")
    page.click("#confirm-sign-in")


def test_a_crafted_sign_in_link_posts_nowhere_but_its_own_route(live: tuple[Portal, str]) -> None:
    """Issue 13, finding 3: the link of the issue, opened by a signed-in staff member, used to
    show a "Sign in" button whose form the browser resolved to the pledger's erase route."""
    portal, url = live
    pid = portal.pledger("City of Faro", "focal@faro.example.org")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        staff = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in(staff, portal, url, STAFF_EMAIL)
        staff.wait_for_url(f"{url}/console")
        answer = staff.goto(f"{url}/sign-in/..%5Cconsole%5Cpledgers%5C{pid}%5Cerase")
        staff.screenshot(path=str(ARTIFACTS / "sign-in-crafted-link.png"), full_page=True)
        # What the browser itself resolves each form's action to, after its own URL parsing.
        actions = staff.eval_on_selector_all("form", "forms => forms.map(f => f.action)")
        assert set(actions) <= {f"{url}/sign-in", f"{url}/sign-out"}, actions
        assert answer is not None and answer.status == 400
        assert "expired or was already used" in staff.inner_text("#page-error")
        assert staff.locator("#confirm-sign-in").count() == 0
        assert [c.email for c in portal.container.contacts.list(UUID(pid))] == [
            "focal@faro.example.org"
        ]
        assert staff.goto(f"{url}/console/pledgers/{pid}") is not None
        assert staff.input_value("#contacts input[type=email]") == "focal@faro.example.org"
        browser.close()


def test_pledger_and_secretariat_in_a_browser(live: tuple[Portal, str]) -> None:
    portal, url = live
    portal.pledger("City of Lisbon", "focal@lisboa.example.org")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in(page, portal, url, "focal@lisboa.example.org")
        page.wait_for_url(f"{url}/my")
        page.goto(f"{url}/my/pledges/new")
        page.fill("#title", "Browser-filed language courses")
        page.fill("#description", "Too short")
        assert "more needed" in page.inner_text("#description-count")
        page.select_option("#type", "partnership")
        page.check("input[name=forms][value=policy]")
        page.check("input[name=objectives][value='16']")
        page.check("input[name=principles][value=human_rights]")
        page.select_option("#countries", ["PRT"])
        page.select_option("#region", "europe_north_america")
        page.fill("#deadline", "2029-12-31")
        page.fill("input[name=target_indicator_0]", "people taught")
        page.fill("input[name=target_target_0]", "400")
        page.fill("input[name=target_unit_0]", "people")
        page.click("#submit-pledge")
        page.wait_for_selector("#error-description")
        page.screenshot(path=str(ARTIFACTS / "portal-submit-error.png"), full_page=True)
        page.fill("#description", DESCRIPTION)
        assert "within" in page.inner_text("#description-count")
        page.click("#submit-pledge")
        page.wait_for_selector("#report-form")
        reference = page.inner_text(".ref").split(" ")[0]
        page.fill("#percent_complete", "35")
        page.fill("#indicator_0", "140")
        page.fill("#narrative", "Two courses ran in spring.")
        page.click("#file-report")
        page.wait_for_selector("#reports")
        assert "filed by City of Lisbon" in page.inner_text("#reports")
        page.screenshot(path=str(ARTIFACTS / "portal-report.png"), full_page=True)
        page.goto(f"{url}/?q={reference}")
        assert reference in page.content()
        page.screenshot(path=str(ARTIFACTS / "portal-public-dashboard.png"))

        staff = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in(staff, portal, url, STAFF_EMAIL)
        staff.wait_for_url(f"{url}/console")
        staff.goto(f"{url}/console/pledges/{reference}")
        assert "ProgressReported" in staff.inner_text("#history")
        staff.click("#v2 >> text=What it recorded")
        recorded = staff.inner_text("#v2 dl")
        assert "Percent complete\n35" in recorded and "people taught: 140" in recorded
        staff.screenshot(path=str(ARTIFACTS / "console-history.png"), full_page=True)
        staff.click("#v1 >> text=as recorded then")
        staff.wait_for_selector("#recorded-state")
        assert "version 1" in staff.inner_text("#recorded-state")
        staff.screenshot(path=str(ARTIFACTS / "console-as-of.png"), full_page=True)
        staff.goto(f"{url}/console/tokens")
        staff.fill("#t-name", "Lisbon data feed")
        staff.select_option("#t-role", "pledger")
        staff.select_option("#t-pledger", label="City of Lisbon")
        staff.click("text=Create the token")
        assert staff.inner_text("#token-secret").startswith("gcmp_")
        staff.screenshot(path=str(ARTIFACTS / "console-token.png"), full_page=True)

        other = browser.new_page(viewport={"width": 1200, "height": 900})
        portal.pledger("City of Porto", "focal@porto.example.org")
        sign_in(other, portal, url, "focal@porto.example.org")
        other.wait_for_url(f"{url}/my")
        refused = other.goto(f"{url}/my/pledges/{reference}")
        assert refused is not None and refused.status == 403
        assert "Browser-filed language courses" not in other.content()
        other.screenshot(path=str(ARTIFACTS / "portal-other-pledger-403.png"))
        # The browser's own cookies, but no CSRF token: refused, and nothing is filed.
        forged = page.request.post(
            f"{url}/my/pledges/{reference}/reports",
            form={"as_of": "2026-11-01", "percent_complete": "90", "narrative": "forged"},
        )
        assert forged.status == 403
        assert portal.container.app.get_pledge(reference).percent_complete == 35
        browser.close()
