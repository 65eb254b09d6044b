"""Another website (a second local server, on another port: another origin) pastes the
dashboard's snippets, as the Network's web team would, and reads the public API from its
scripts; a third website, not in EMBED_ORIGINS, tries the same and is refused by chromium."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ARTIFACTS, free_port, run_uvicorn
from tests.conftest import SERVER_URL, _session_database
from tests.e2e.site import serve


@dataclass
class Sites:
    base: str  # the pledge tracker
    website: str  # listed in EMBED_ORIGINS
    stranger: str  # not listed
    pasted: list[str]


def website(pasted: list[str]) -> Iterator[str]:
    """A plain website: one page holding whatever HTML was pasted into it."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = "<!doctype html><title>Network</title><h1>Network</h1>" + "".join(pasted)
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def sites(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Sites]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    pasted: list[str] = []
    for listed in website(pasted):
        for stranger in website(pasted):
            for database in _session_database(admin):
                port = free_port()
                base = f"http://127.0.0.1:{port}"
                settings = {"embed_origins": listed, "public_url": base}
                for site in serve(database, tmp_path_factory.mktemp("embeds"), 60, **settings):
                    for served in run_uvicorn(site.app, port):
                        yield Sites(served, listed, stranger, pasted)


def snippet(base: str, key: str) -> str:
    """The snippet the dashboard shows under a chart, as a person copies it."""
    page = httpx.get(base + "/", timeout=10).text
    found = re.search(rf'id="embed-{key}".*?<pre><code>(.*?)</code>', page, re.S)
    assert found, key
    return html.unescape(found.group(1))


def frame_text(page: Page, selector: str) -> str:
    return page.frame_locator("iframe").first.locator(selector).inner_text()


def test_a_listed_website_shows_the_pasted_embeds_in_french(sites: Sites, page: Page) -> None:
    figures = snippet(sites.base, "figures").replace("/embed/figures", "/embed/figures?lang=fr")
    chart = snippet(sites.base, "objective").replace(
        "/embed/objectives", "/embed/objectives?lang=fr"
    )
    assert f'src="{sites.base}/embed/figures?lang=fr"' in figures
    sites.pasted[:] = [figures, chart]
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(sites.website + "/")  # "load" waits for the frames too
    totals = httpx.get(sites.base + "/api/dashboard", timeout=10).json()["totals"]
    framed = page.frame_locator("iframe").first
    assert framed.locator("#figure-pledges").get_attribute("data-value") == str(totals["pledges"])
    assert "Engagements" in frame_text(page, "dl")
    objectives = page.frame_locator("iframe").nth(1)
    assert "Envois de fonds" in objectives.locator("#chart-objective").inner_text()
    back = framed.locator("footer a").first
    assert back.get_attribute("target") == "_top"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-fr-320.png"), full_page=True)


def test_a_website_not_listed_is_refused_the_frame(sites: Sites, page: Page) -> None:
    sites.pasted[:] = [snippet(sites.base, "figures")]
    refused = page.expect_console_message(lambda m: "frame-ancestors" in m.text)
    error_page = page.expect_event("framenavigated", lambda f: f.url.startswith("chrome-error:"))
    with refused as message, error_page as frame:
        page.goto(sites.stranger + "/")
    # chromium shows its own error page in the frame, and says why: only the listed may frame.
    assert f'"frame-ancestors {sites.website}"' in message.value.text
    assert frame.value.parent_frame == page.main_frame
    assert page.frame_locator("iframe").first.locator("#figure-pledges").count() == 0


FETCH = """async ([url, options]) => {
  try {
    const response = await fetch(url, options);
    return {status: response.status, body: await response.text()};
  } catch (error) {
    return {blocked: String(error)};
  }
}"""


def test_a_listed_websites_script_reads_but_cannot_command(sites: Sites, page: Page) -> None:
    sites.pasted[:] = []
    page.goto(sites.website + "/")
    read = page.evaluate(FETCH, [sites.base + "/api/pledges?limit=3", {}])
    assert read["status"] == 200 and '"total":' in read["body"]
    post = {"method": "POST", "headers": {"Content-Type": "application/json"}, "body": "{}"}
    refused = page.evaluate(FETCH, [sites.base + "/api/pledges", post])
    assert "Failed to fetch" in refused["blocked"]
    with_token = {"headers": {"Authorization": "Bearer whatever-a-script-holds"}}
    assert "blocked" in page.evaluate(FETCH, [sites.base + "/api/pledges", with_token])


def test_a_stranger_websites_script_cannot_read(sites: Sites, page: Page) -> None:
    page.goto(sites.stranger + "/")
    assert "blocked" in page.evaluate(FETCH, [sites.base + "/api/pledges?limit=3", {}])
