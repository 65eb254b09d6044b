"""Registering in Debian's chromium, as a new city government would: from the dashboard to
Register, a form with errors then fixed, the confirmation link from the mail (caught by a
real SMTP server), the Secretariat approving in its console (a possible duplicate flagged),
and the sign-in link of the approval mail that lands on /my. Screenshots go to
test-artifacts/ (register-errors.png, console-registrations.png)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from api.main import create_app
from tests.conftest import SERVER_URL, _session_database
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, serve_portal
from tests.e2e.registration_helpers import confirm_tokens
from tests.integration.recompute import wait_caught_up
from tests.integration.smtp import free_port

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
FOCAL = "marta@guimaraes.example.org"


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Portal, str]]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        folder = tmp_path_factory.mktemp("browser-registration")
        for portal in serve_portal(database, folder, environment="development"):
            port = free_port()
            app = create_app(portal.container)
            config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
            server = uvicorn.Server(config)
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.05)
            try:
                yield portal, f"http://127.0.0.1:{port}"
            finally:
                server.should_exit = True
                thread.join(10)


def sign_in_by_link(page: Page, portal: Portal, url: str, email: str) -> None:
    before = len(portal.links_for(email))
    page.goto(f"{url}/sign-in")
    page.fill("#email", email)
    page.click("text=Email me a sign-in link")
    page.wait_for_selector("#link-sent")
    page.goto(f"{url}/sign-in/{portal.wait_for_links(email, before + 1)[-1]}")
    page.click("#confirm-sign-in")


def fill_register(page: Page) -> None:
    page.fill("#r-organisation", "Municipality of Guimarães")
    page.select_option("#r-category", "local_regional_government")
    page.select_option("#r-country", "PRT")
    page.fill("#r-name", "Marta Lopes")
    page.fill("#r-position", "Head of external relations")
    page.select_option("#r-language", "fr")


def test_from_the_dashboard_to_my_pledges(live: tuple[Portal, str]) -> None:
    portal, url = live
    portal.pledger("Municipality of Guimaraes", "old@guimaraes.example.org")
    wait_caught_up(portal.container)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(url)
        assert "register their organisation" in page.inner_text("#how-to-pledge")
        page.click("#nav-register")
        page.wait_for_url(f"{url}/register")
        fill_register(page)
        page.fill("#r-email", "marta at guimaraes")
        page.select_option("#r-country", "")
        page.click("#register-button")
        page.wait_for_selector("#error-email")
        assert page.is_visible("#error-country")
        assert page.input_value("#r-name") == "Marta Lopes"
        assert page.input_value("#r-language") == "fr"
        page.screenshot(path=str(ARTIFACTS / "register-errors.png"), full_page=True)
        page.select_option("#r-country", "PRT")
        page.fill("#r-email", FOCAL)
        page.click("#register-button")
        page.wait_for_selector("#registration-sent")

        [token] = confirm_tokens(portal, FOCAL)
        page.goto(f"{url}/register/confirm/{token}")
        page.click("#confirm-registration")
        page.wait_for_selector("#registration-confirmed")

        staff = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in_by_link(staff, portal, url, STAFF_EMAIL)
        staff.wait_for_url(f"{url}/console")
        staff.click("text=Registrations")
        staff.wait_for_selector("#registrations")
        row = staff.locator("#registrations tbody tr", has_text="Municipality of Guimarães")
        assert "Municipality of Guimaraes" in row.locator(".duplicates").inner_text()
        assert "since today" in row.locator(".age").inner_text()
        staff.screenshot(path=str(ARTIFACTS / "console-registrations.png"), full_page=True)
        row.locator("button.approve").click()
        staff.wait_for_selector("#flash")
        assert "approved" in staff.inner_text("#flash")

        link = portal.wait_for_links(FOCAL, 1)[-1]
        page.goto(f"{url}/sign-in/{link}")
        page.click("#confirm-sign-in")
        page.wait_for_url(f"{url}/my")
        assert "Pledges of Municipality of Guimarães" in page.inner_text("main")
        assert page.is_visible("#nav-sign-out") and page.locator("#nav-sign-in").count() == 0
        page.screenshot(path=str(ARTIFACTS / "registered-my.png"), full_page=True)
        browser.close()
