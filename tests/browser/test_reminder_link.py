"""A reminder read and followed in Debian's chromium: the digest's HTML as its recipient sees
it, its link pressed, the sign-in confirmed, and the pledge's report form open, where the
report is filed; the same link opened again is refused. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from playwright.sync_api import sync_playwright

from domain.taxonomy import PledgeType, Role
from domain.values import Actor
from tests.browser.test_portal import ARGS, ARTIFACTS, live  # noqa: F401 - the portal's server
from tests.e2e.portal_helpers import Portal
from tests.factories import content
from tests.integration.mail_day import run_day

ADMIN = Actor("token:browser-reminder", Role.SECRETARIAT)
EMAIL = "focal@coimbra.example.org"


def html_of_the_reminder(portal: Portal, url: str) -> tuple[str, str]:
    """The reminder's HTML, its links leading to this server, and its pledge's reference."""
    c = portal.container
    pledger_id = portal.pledger("City of Coimbra", EMAIL)
    today = c.app.today()
    reference = c.app.submit(
        UUID(pledger_id),
        content(type=PledgeType.INDIVIDUAL, title="Welcome desks in three districts"),
        today - timedelta(days=300),
        today + timedelta(days=7),
        ADMIN,
    ).reference
    try:
        assert run_day(c, today) == {"sent": 1}
    finally:
        c.app.today = lambda: today
    ((_to, message),) = [(to, m) for to, m in portal.mails() if EMAIL in to]
    html = message.get_body(("html",))
    assert html is not None
    return str(html.get_content()).replace(c.settings.public_url, url), reference


def test_a_reminder_link_leads_to_the_report_form_once(
    live: tuple[Portal, str],  # noqa: F811 - test_portal's fixture, imported above
) -> None:
    portal, url = live
    html, reference = html_of_the_reminder(portal, url)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        mail = browser.new_page(viewport={"width": 900, "height": 900})
        mail.set_content(html)
        mail.screenshot(path=str(ARTIFACTS / "reminder-digest.png"), full_page=True)
        assert mail.inner_text("p >> nth=0") == "Dear Ana,"
        link = mail.get_attribute("a[href*='/sign-in/']", "href")
        assert link is not None and link.startswith(f"{url}/sign-in/")
        mail.click("a[href*='/sign-in/']")
        mail.click("#confirm-sign-in")
        mail.wait_for_url(f"{url}/my/pledges/{reference}#report-form")
        assert mail.locator("#report-form").is_visible()
        mail.screenshot(path=str(ARTIFACTS / "reminder-report-form.png"))
        mail.fill("#percent_complete", "25")
        mail.fill("#indicator_0", "90")
        mail.fill("#narrative", "The first desk opened in March.")
        mail.click("#file-report")
        mail.wait_for_selector("#reports")
        assert "filed by City of Coimbra" in mail.inner_text("#reports")
        assert portal.container.app.get_pledge(reference).percent_complete == 25

        again = browser.new_page(viewport={"width": 900, "height": 700})
        again.goto(link)
        again.click("#confirm-sign-in")
        again.wait_for_selector("#page-error")
        assert "expired or was already used" in again.inner_text("#page-error")
        assert again.url == link
        again.screenshot(path=str(ARTIFACTS / "reminder-link-used-twice.png"))
        browser.close()
