"""Forms in Debian's chromium: a progress report with "1,200" and a date the rules refuse
comes back with the date's error beside its input and everything typed kept (the percent
suggested as the indicator is typed), then is filed; the public page lists an amendment.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from playwright.sync_api import sync_playwright

from domain.taxonomy import PledgeType, Role
from domain.values import Actor, Target
from tests.browser.test_portal import ARGS, ARTIFACTS, live, sign_in  # noqa: F401 - its server
from tests.e2e.portal_helpers import Portal
from tests.factories import content

EMAIL = "focal@braga.example.org"
NARRATIVE = "Two advice desks opened in Braga; the third waits for its staff."
ADVISED = Target("Migrants advised", Decimal(0), Decimal(500), "people")


def test_a_report_with_a_refused_date_keeps_everything_then_is_filed(
    live: tuple[Portal, str],  # noqa: F811 - test_portal's fixture, imported above
) -> None:
    portal, url = live
    app = portal.container.app
    pledger_id = portal.pledger("City of Braga", EMAIL)
    today = app.today()
    owner = Actor(pledger_id, Role.PLEDGER)
    reference = app.submit(
        UUID(pledger_id),
        content(type=PledgeType.INDIVIDUAL, title="Advice desks", targets=(ADVISED,)),
        today - timedelta(days=200),
        today + timedelta(days=400),
        owner,
    ).reference
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        sign_in(page, portal, url, EMAIL)
        page.goto(f"{url}/my/pledges/{reference}#report-form")
        page.fill("#indicator_0", "1,200")
        assert page.input_value("#percent_complete") == "100"  # suggested as it is typed
        page.fill("#percent_complete", "80")
        page.fill("#narrative", NARRATIVE)
        page.fill("#as_of", (today + timedelta(days=30)).isoformat())
        page.click("#file-report")

        error = page.locator("#as_of ~ .field-error")
        error.wait_for()
        assert "is in the future" in error.inner_text()
        assert page.get_attribute("#as_of", "aria-invalid") == "true"
        assert page.input_value("#narrative") == NARRATIVE
        assert page.input_value("#indicator_0") == "1,200"
        assert page.input_value("#percent_complete") == "80"
        page.locator("#report-form").screenshot(path=str(ARTIFACTS / "form-with-errors.png"))

        page.fill("#as_of", today.isoformat())
        page.click("#file-report")
        page.wait_for_selector("#flash")
        assert "filed by City of Braga" in page.inner_text("#reports")
        assert "Migrants advised: 1,200" in page.inner_text("#reports")
        assert app.get_pledge(reference).latest_values == {"Migrants advised": Decimal(1200)}

        lowered = (Target("Migrants advised", Decimal(0), Decimal(300), "people"),)
        app.amend(
            reference,
            content(type=PledgeType.INDIVIDUAL, title="Advice desks in Braga", targets=lowered),
            "Only two desks found staff.",
            owner,
        )
        page.goto(f"{url}/pledges/{reference}")
        amendments = page.inner_text("#amendments")
        assert "target 'Migrants advised' 500 → 300" in amendments
        assert f"{today.isoformat()}: Only two desks found staff." in amendments
        page.screenshot(path=str(ARTIFACTS / "public-page-amendments.png"), full_page=True)

        page.goto(f"{url}/my/pledges/{reference}/amend")
        assert page.input_value("#title") == "Advice desks in Braga"
        page.fill("#title", "")
        page.fill("input[name=target_target_0]", "three hundred")
        page.click("#amend-pledge")
        page.wait_for_selector("#error-title")
        assert page.inner_text("#error-reason") == "Say why the pledge changes"
        assert page.input_value("input[name=target_target_0]") == "three hundred"
        page.screenshot(path=str(ARTIFACTS / "amend-form-with-errors.png"), full_page=True)
        browser.close()
