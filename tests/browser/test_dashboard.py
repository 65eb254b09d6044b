"""The dashboard, a pledge page and the CSV download, in a real browser (chromium)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, Live


def api(live: Live, path: str, **params: Any) -> Any:
    return httpx.get(live.base + path, params=params or None, timeout=10).json()


def figure(page: Page, key: str) -> int:
    return int(page.locator(f"#figure-{key}").get_attribute("data-value") or "-1")


def chart(page: Page, chart_id: str) -> dict[str, int]:
    rows = page.locator(f"#chart-{chart_id} tbody tr")
    return {
        rows.nth(i).get_attribute("data-key") or "": int(
            rows.nth(i).locator("td.num").inner_text().replace(",", "")
        )
        for i in range(rows.count())
    }


def test_the_dashboard_shows_the_api_figures(live: Live, page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live.base + "/")
    expect(page.locator("h1")).to_contain_text("Global Compact for Migration")
    figures = api(live, "/api/dashboard")
    for key in ("pledges", "pledgers", "fulfilled", "in_progress", "overdue", "lapsed"):
        shown = page.locator(f"#figure-{key}").inner_text().replace(",", "")
        assert int(shown) == figures["totals"][key], key
    assert chart(page, "objective") == {
        str(o["objective"]): o["pledges"] for o in figures["by_objective"]
    }
    assert chart(page, "status") == figures["by_status"]
    assert page.locator("#chart-objective .tag").count() == 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"))
    assert not errors, errors  # no CSP violation, no missing asset


def test_a_filter_narrows_the_list_and_the_figures(live: Live, page: Page) -> None:
    page.goto(live.base + "/")
    before = figure(page, "pledges")
    page.select_option("#f-region", "africa")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"region=africa"))
    assert "objective=" not in page.url  # the script leaves empty fields out
    figures = api(live, "/api/dashboard", region="africa")
    listed = api(live, "/api/pledges", region="africa", limit=20)
    assert figure(page, "pledges") == figures["totals"]["pledges"] < before
    assert chart(page, "region") == figures["by_region"]
    shown = page.locator(".pledge-item").evaluate_all(
        "items => items.map(i => i.dataset.reference)"
    )
    assert shown == [i["reference"] for i in listed["items"]]


def test_a_pledge_page_shows_its_timeline(live: Live, page: Page) -> None:
    page.goto(live.base + "/?q=" + live.site.partnered_reference)
    page.get_by_role("link", name="One-stop centres (pages)").click()
    expect(page.locator("h1")).to_have_text("One-stop centres (pages)")
    events = page.locator("#timeline li")
    expect(events).to_have_count(3)
    expect(events.nth(0)).to_contain_text("Pledged by City of Lisbon (pages)")
    expect(events.nth(1)).to_contain_text("Partner Network (pages) joined as a partner")
    expect(events.nth(2)).to_contain_text("40% complete as of 2026-10-01")
    expect(page.locator("#targets")).to_contain_text("migrants reached")
    page.screenshot(path=str(ARTIFACTS / "pledge.png"), full_page=True)


def test_the_csv_download_has_the_filtered_rows(live: Live, page: Page) -> None:
    page.goto(live.base + "/?status=fulfilled")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("gcm-pledges-")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    total = api(live, "/api/pledges", status="fulfilled", limit=1)["total"]
    assert len(rows) == total > 0
    assert {r["status"] for r in rows} == {"fulfilled"}


def test_the_filters_are_reachable_by_keyboard(live: Live, page: Page) -> None:
    page.goto(live.base + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('form.filters') !== null")
