"""Review before publication in Debian's chromium, REVIEW_PLEDGES on (its default): a pledger
submits and reads "Pending review"; the Secretariat finds it in the review queue, returns it
with a comment (an empty one is refused beside the field); the pledger reads the comment.
Screenshots go to test-artifacts/ (the queue: console-review-queue.png)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from api.main import create_app
from tests.browser.conftest import run_uvicorn
from tests.browser.test_portal import ARGS, ARTIFACTS, sign_in
from tests.conftest import SERVER_URL, _session_database
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, serve_portal
from tests.factories import DESCRIPTION
from tests.integration.smtp import free_port

COMMENT = "Please give a baseline for the people taught, and the cities where the courses run."


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Portal, str]]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        folder = tmp_path_factory.mktemp("browser-review")
        for portal in serve_portal(
            database, folder, environment="development", review_pledges=True
        ):
            app = create_app(portal.container)
            for url in run_uvicorn(app, free_port(), lifespan="auto"):
                yield portal, url


def test_returned_for_revision_the_pledger_reads_the_comment(live: tuple[Portal, str]) -> None:
    portal, url = live
    portal.pledger("City of Braga", "focal@braga.example.org")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in(page, portal, url, "focal@braga.example.org")
        page.wait_for_url(f"{url}/my")
        page.goto(f"{url}/my/pledges/new")
        page.fill("#title", "Braga language courses")
        page.fill("#description", DESCRIPTION)
        page.select_option("#type", "individual")
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
        page.wait_for_load_state()
        page.screenshot(path=str(ARTIFACTS / "portal-pending.png"), full_page=True)
        page.wait_for_selector("#review-state")
        assert "Pending review." in page.inner_text("#review-state")
        assert "only you and the Secretariat see it" in page.inner_text("#flash")
        reference = page.inner_text(".ref").split(" ")[0]
        assert page.locator(f"a[href='/pledges/{reference}']").count() == 0
        public = page.goto(f"{url}/pledges/{reference}")
        assert public is not None and public.status == 404

        staff = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in(staff, portal, url, STAFF_EMAIL)
        staff.wait_for_url(f"{url}/console")
        staff.click("nav.portal-bar >> text=Review")
        item = staff.locator(f"#review-{reference}")
        assert "Braga language courses" in item.inner_text()
        assert "waiting 0 days" in item.inner_text()
        staff.screenshot(path=str(ARTIFACTS / "console-review-queue.png"), full_page=True)
        item.locator("button", has_text="Return for revision").click()
        staff.wait_for_selector(f"#error-return-{reference}-comments")
        staff.screenshot(path=str(ARTIFACTS / "console-review-refused.png"), full_page=True)
        staff.fill(f"#comments-{reference}", COMMENT)
        staff.locator(f"#return-{reference} button").click()
        staff.wait_for_selector("#flash")
        assert "returned to its pledger" in staff.inner_text("#flash")
        assert staff.locator(f"#review-{reference}").count() == 0

        page.goto(f"{url}/my/pledges/{reference}")
        state = page.inner_text("#review-state")
        assert "Returned for revision." in state and COMMENT in state
        page.screenshot(path=str(ARTIFACTS / "portal-returned.png"), full_page=True)
        page.goto(f"{url}/my")
        assert "Returned for revision" in page.inner_text("#my-pledges")
        browser.close()
