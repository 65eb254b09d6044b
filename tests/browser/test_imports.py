"""The console's import page in Debian's chromium: the Secretariat chooses the example file,
checks it (dry run: the summary, nothing written), imports it, then a faulty file shows each
error by sheet, row and column. Screenshots: test-artifacts/console-import-*.png."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.test_portal import ARGS, ARTIFACTS, sign_in
from tests.browser.test_review import live  # noqa: F401 (the module's live portal)
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal

DOCS = Path(__file__).parents[2] / "docs"


def test_dry_run_import_and_errors(live: tuple[Portal, str], tmp_path: Path) -> None:  # noqa: F811
    portal, url = live
    ARTIFACTS.mkdir(exist_ok=True)
    faulty = tmp_path / "faulty.csv"
    faulty.write_text("reference,pledger,title,pledged_on\nGCM-2020-0001,Nobody,x,2020-13-01\n")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        staff = browser.new_page(viewport={"width": 1200, "height": 900})
        sign_in(staff, portal, url, STAFF_EMAIL)
        staff.wait_for_url(f"{url}/console")
        staff.click("nav.portal-bar >> text=Import")
        staff.set_input_files("#i-file", str(DOCS / "import-example-2022.xlsx"))
        staff.click("button[value=dry_run]")
        staff.wait_for_selector("#import-summary")
        assert "Dry run: nothing was written" in staff.inner_text("#import-summary")
        assert staff.inner_text("#pledges-imported") == "3"
        staff.screenshot(path=str(ARTIFACTS / "console-import-dry-run.png"), full_page=True)

        staff.set_input_files("#i-file", str(DOCS / "import-example-2022.xlsx"))
        staff.click("button[value=import]")
        staff.wait_for_selector("#import-summary")
        assert "Imported" in staff.inner_text("#import-summary h2")
        assert staff.inner_text("#reports") == "6"

        staff.set_input_files("#i-file", str(faulty))
        staff.click("button[value=import]")
        staff.wait_for_selector("#import-errors")
        errors = staff.inner_text("#import-errors")
        assert "pledger" in errors and "pledged_on" in errors and "description" in errors
        staff.screenshot(path=str(ARTIFACTS / "console-import-errors.png"), full_page=True)
        browser.close()
