"""Registering in Debian's chromium, as a new city government would: from the dashboard to
Register, a form with errors then fixed, the confirmation link from the mail (caught by a
real SMTP server), the Secretariat approving in its console (a possible duplicate flagged),
and the sign-in link of the approval mail that lands on /my. Screenshots go to
test-artifacts/ (register-errors.png, console-registrations.png)."""

from __future__ import annotations

from playwright.sync_api import Page, sync_playwright

# The portal's live server (a module's own) and its sign-in by the mailed link.
from tests.browser.test_portal import ARGS, ARTIFACTS, live, sign_in
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal
from tests.e2e.registration_helpers import confirm_tokens
from tests.integration.recompute import wait_caught_up

__all__ = ["live"]
FOCAL = "marta@guimaraes.example.org"


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
        page.screenshot(path=str(ARTIFACTS / "dashboard-how-to-pledge.png"))
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
        sign_in(staff, portal, url, STAFF_EMAIL)
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
