"""Partners by consent in Debian's chromium, as three cities would: A submits a partnership
pledge naming B (registered, by its name) and C (not registered, by email); B accepts from
"Invitations to partner"; A withdraws C's invitation; B leaves with a reason; D, found by
name on the pledge's page, refuses. The public page names B only while it partners.
Screenshots: test-artifacts/partner-invitations-owner.png, partner-invitations-invited.png."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.test_portal import ARGS, ARTIFACTS, live, sign_in
from tests.e2e.portal_helpers import Portal
from tests.factories import DESCRIPTION
from tests.integration.recompute import wait_caught_up

__all__ = ["live"]
TITLE = "Joint language courses in the Algarve"


def signed_in(browser: Browser, portal: Portal, url: str, email: str) -> Page:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    sign_in(page, portal, url, email)
    page.wait_for_url(f"{url}/my")
    return page


def submit_naming_partners(page: Page, url: str) -> str:
    page.goto(f"{url}/my/pledges/new")
    page.fill("#title", TITLE)
    page.fill("#description", DESCRIPTION)
    page.select_option("#type", "partnership")
    page.check("input[name=forms][value=policy]")
    page.check("input[name=objectives][value='16']")
    page.fill("#deadline", "2029-12-31")
    page.fill("input[name=partner_name_0]", "town of olhao")  # as a person types it
    page.fill("input[name=partner_contribution_0]", "Two teachers")
    page.fill("input[name=partner_org_1]", "Cooperativa de Lagos")
    page.fill("input[name=partner_email_1]", "coop@lagos.example.org")
    page.fill("input[name=partner_contribution_1]", "Classrooms")
    page.click("#submit-pledge")
    page.wait_for_selector("#partner-form")
    return page.inner_text(".ref").split(" ")[0]


def public_page(page: Page, url: str, reference: str, portal: Portal) -> str:
    wait_caught_up(portal.container)
    page.goto(f"{url}/pledges/{reference}")
    return page.inner_text("main")


def test_invite_accept_withdraw_leave_and_refuse(live: tuple[Portal, str]) -> None:
    portal, url = live
    portal.pledger("City of Faro", "focal@faro-partners.example.org")
    portal.pledger("Town of Olhao", "focal@olhao.example.org")
    portal.pledger("Town of Loule", "focal@loule.example.org")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        owner = signed_in(browser, portal, url, "focal@faro-partners.example.org")
        reference = submit_naming_partners(owner, url)
        rows = owner.inner_text("#invitations")
        assert "Town of Olhao" in rows and "Cooperativa de Lagos (not registered yet)" in rows
        assert rows.count("Invited, no answer yet") == 2
        owner.screenshot(path=str(ARTIFACTS / "partner-invitations-owner.png"), full_page=True)
        visitor = browser.new_page()
        assert "Town of Olhao" not in public_page(visitor, url, reference, portal)

        olhao = signed_in(browser, portal, url, "focal@olhao.example.org")
        invitation = olhao.locator("#invitations-table tr", has_text=TITLE)
        assert (
            "City of Faro" in invitation.inner_text() and "Two teachers" in invitation.inner_text()
        )
        olhao.screenshot(path=str(ARTIFACTS / "partner-invitations-invited.png"), full_page=True)
        invitation.locator("button", has_text="Accept").click()
        olhao.wait_for_selector("#flash")
        assert "now partners the pledge" in olhao.inner_text("#flash")
        assert "Town of Olhao" in public_page(visitor, url, reference, portal)

        owner.goto(f"{url}/my/pledges/{reference}")
        owner.locator("#invitations tr", has_text="Cooperativa de Lagos").locator("button").click()
        owner.wait_for_selector("#flash")
        assert "Withdrawn" in owner.inner_text("#invitations")

        olhao.goto(f"{url}/my/pledges/{reference}")
        olhao.fill("#leave-reason", "Our teachers moved to another programme")
        olhao.click("text=Leave the pledge")
        olhao.wait_for_url(f"{url}/my?done=left")
        shown = public_page(visitor, url, reference, portal)
        assert "Town of Olhao no longer partners the pledge" in shown  # its history says so
        assert visitor.locator("#partners").count() == 0  # and it is no partner any more

        owner.goto(f"{url}/my/pledges/{reference}?find=Loule")
        owner.fill("#contribution", "A venue")
        owner.click("#send-invitation")
        owner.wait_for_selector("#flash")
        loule = signed_in(browser, portal, url, "focal@loule.example.org")
        row = loule.locator("#invitations-table tr", has_text=TITLE)
        row.locator("input[name=reason]").fill("No budget this year")
        row.locator("button", has_text="Refuse").click()
        loule.wait_for_selector("#flash")
        owner.goto(f"{url}/my/pledges/{reference}")
        states = owner.inner_text("#invitations")
        assert "Declined: “No budget this year”" in states and "Accepted" in states
        browser.close()
