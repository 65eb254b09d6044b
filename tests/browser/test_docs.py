"""The API docs page in a real browser (chromium), under its Content-Security-Policy: it
renders every operation, runs a request, and keeps no token in the browser's storage."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Live

WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_the_docs_page_works_under_its_csp_and_keeps_no_token(live: Live, page: Page) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.add_init_script(WATCH_CSP)
    answer = page.goto(live.base + "/api/docs")
    assert answer is not None and "default-src 'self'" in answer.headers["content-security-policy"]
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible(timeout=20_000)
    assert operations.count() >= 20
    assert page.evaluate("window.__violations") == []
    health = page.locator("#operations-operations-healthz_healthz_get")
    health.locator(".opblock-summary").click()
    health.get_by_role("button", name="Try it out").click()
    health.get_by_role("button", name="Execute").click()
    expect(
        health.locator(".live-responses-table tbody .response-col_status").first
    ).to_contain_text("200")
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux input[type=text], .modal-ux input[type=password]").first.fill(
        live.site.secretariat
    )
    page.locator(".modal-ux button.modal-btn", has_text="Authorize").click()
    expect(page.locator(".modal-ux button.modal-btn", has_text="Logout")).to_be_visible()
    assert (
        page.evaluate("Object.keys(localStorage).length + Object.keys(sessionStorage).length") == 0
    )
    page.reload()
    expect(operations.first).to_be_visible(timeout=20_000)
    assert page.locator(".auth-wrapper .authorize.locked").count() == 0  # nothing remembered
    assert page.evaluate("window.__violations") == []
    assert not errors, errors
