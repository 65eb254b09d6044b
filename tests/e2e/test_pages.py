"""The public pages over HTTP: the dashboard shows the same figures as GET /api/dashboard for
the same filters, the list links to pledge pages, the report groups by objective, and no page
shows personal data; security headers, ETags and 304s."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.site import TODAY, Site, site_fixture

FILTERS = {"region": "africa", "status": ["in_progress", "fulfilled"], "objective": ""}


site = site_fixture("pages")


def page(site: Site, path: str, **params: Any) -> str:
    response = site.client.get(path, params=params or None)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def value(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*data-value="([^"]*)"', html)
    assert found, element_id
    return found.group(1)


def chart(html: str, chart_id: str) -> dict[str, int]:
    block = html.split(f'id="chart-{chart_id}"', 1)[1].split("</figure>", 1)[0]
    rows = re.findall(r'<tr data-key="([^"]+)".*?class="num" data-value="(\d+)"', block, re.S)
    return {key: int(n) for key, n in rows}


def assert_same_figures(html: str, api: dict[str, Any]) -> None:
    for key in ("pledges", "pledgers", "fulfilled", "in_progress", "overdue", "lapsed"):
        assert int(value(html, f"figure-{key}")) == api["totals"][key], key
    assert chart(html, "objective") == {
        str(o["objective"]): o["pledges"] for o in api["by_objective"]
    }
    for name in ("status", "category", "region", "type", "form", "round_table"):
        assert chart(html, name) == api[f"by_{name}"], name
    money = re.findall(
        r'<tr data-key="([A-Z]{3})"><th scope="row">[A-Z]{3}</th>'
        r'<td class="num" data-value="([^"]+)"',
        html,
    )
    assert dict(money) == {m["currency"]: m["amount"] for m in api["financial"]}
    years: dict[str, int] = {}
    for month in api["over_time"]:
        years[month["month"][:4]] = years.get(month["month"][:4], 0) + month["submitted"]
    shown = html.split('id="by-year"', 1)[1].split("</table>", 1)[0]
    assert {
        y: int(n) for y, n in re.findall(r'data-key="(\d{4})">.*?data-value="(\d+)"', shown)
    } == years
    for underreported in api["underreported_objectives"]:
        assert re.search(rf'<tr data-key="{underreported}" class="flagged">', html)


def test_the_dashboard_shows_the_same_figures_as_the_api(site: Site) -> None:
    html = page(site, "/")
    api = site.client.get("/api/dashboard").json()
    assert api["totals"]["pledges"] == 122
    assert_same_figures(html, api)
    assert html.count("<tr data-key=") >= 23 + 7
    assert "Underreported" in html and "Pledges made and fulfilled per year" in html


def test_filters_narrow_the_figures_and_the_list_as_the_api_does(site: Site) -> None:
    html = page(site, "/", **FILTERS)
    params = {k: v for k, v in FILTERS.items() if v}
    api = site.client.get("/api/dashboard", params=params).json()
    listed = site.client.get("/api/pledges", params={**params, "limit": 20}).json()
    assert api["filtered"] and 0 < api["totals"]["pledges"] < 122
    assert_same_figures(html, api)
    assert int(value(html, "list-total")) == listed["total"] == api["totals"]["pledges"]
    shown = re.findall(r'data-reference="([^"]+)"', html)
    assert shown == [i["reference"] for i in listed["items"]]
    assert '<option value="africa" selected>' in html


def test_the_list_pages_through_and_links_each_pledge_to_its_page(site: Site) -> None:
    html, seen = page(site, "/", sort="reference"), []
    for _ in range(20):
        seen += re.findall(r'<a href="/pledges/(GCM-[0-9-]+)">', html)
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        if not following:
            break
        html = page(site, following.group(1).replace("&amp;", "&").split("#")[0])
    assert len(seen) == len(set(seen)) == 122
    assert seen == sorted(seen)
    assert site.client.get(f"/pledges/{seen[5]}").status_code == 200


def test_a_pledge_page_shows_what_who_with_whom_targets_and_timeline(site: Site) -> None:
    html = page(site, f"/pledges/{site.partnered_reference}")
    assert "One-stop centres (pages)" in html and "City of Lisbon (pages)" in html
    assert "Partner Network (pages)" in html and "Courses" in html
    targets = html.split('id="targets"', 1)[1].split("</table>", 1)[0]
    assert "migrants reached" in targets and "200" in targets and "500" in targets
    events = re.findall(r'<li data-event="(\w+)">', html)
    assert events == ["Submitted", "PartnerJoined", "ProgressReported"]
    assert "40% complete as of 2026-10-01" in html
    history = site.client.get(
        f"/api/pledges/{site.partnered_reference}/history",
        headers={"Authorization": f"Bearer {site.secretariat}"},
    ).json()
    for entry in history["items"]:  # the public page names no Secretariat actor, no id
        actor = entry["actor"]
        assert actor["id"] not in html if actor["kind"] == "pledger" else actor["name"] not in html


def test_an_unknown_pledge_is_a_404_page(site: Site) -> None:
    for reference in ("GCM-2026-99999", "nonsense", "0"):
        response = site.client.get(f"/pledges/{reference}")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Pledge not found" in response.text
        assert "Content-Security-Policy" in response.headers


def test_a_bad_filter_is_a_400_page_not_a_crash(site: Site) -> None:
    for params in ({"objective": "24"}, {"status": "asleep"}, {"country": "PT"}, {"cursor": "x"}):
        response = site.client.get("/", params=params)
        assert response.status_code == 400, params
        assert "not valid" in response.text


def test_the_pages_and_the_api_refuse_a_filter_in_the_same_words(site: Site) -> None:
    """One parser (api/schemas/listing.py): a 400 page here, a 422 problem on the API."""
    for params in ({"objective": "24"}, {"status": "asleep"}, {"country": "PT"}):
        api = site.client.get("/api/pledges", params=params).json()["errors"][0]
        page = site.client.get("/", params=params).text
        assert f"{api['field']}: {api['reason']}".replace("'", "&#39;") in page, params


def test_the_report_groups_by_objective_and_by_round_table(site: Site) -> None:
    api = site.client.get("/api/dashboard").json()
    html = page(site, "/report")
    counts = dict(
        re.findall(r'id="objective-(\d+)" aria-labelledby="[^"]+" data-count="(\d+)"', html)
    )
    assert {int(k): int(v) for k, v in counts.items()} == {
        o["objective"]: o["pledges"] for o in api["by_objective"]
    }
    section = html.split('id="objective-3"', 1)[1].split("</section>", 1)[0]
    assert section.count('<tr><td><a href="/pledges/') == api["by_objective"][2]["pledges"]
    by_rt = page(site, "/report", group="round_table")
    counts = dict(
        re.findall(r'id="round-table-(\d)" aria-labelledby="[^"]+" data-count="(\d+)"', by_rt)
    )
    assert counts == {k: str(v) for k, v in api["by_round_table"].items()}
    narrowed = page(site, "/report", region="africa")
    assert int(value(narrowed, "figure-pledges")) < api["totals"]["pledges"]
    css = site.client.get(re.search(r'href="(/static/site.css\?v=\w+)"', html).group(1)).text
    assert "@media print" in css


def test_no_page_shows_a_contact(site: Site) -> None:
    paths = [
        "/",
        "/report",
        "/report?group=round_table",
        f"/pledges/{site.partnered_reference}",
        f"/pledges/{site.formula_reference}",
        "/?q=Lisbon",
    ]
    for path in paths:
        html = page(site, path)
        for email in site.emails:
            assert email not in html, (path, email)
        assert "Ana Focal" not in html and "@" not in re.sub(r"@media|@page", "", html)


def test_pages_send_security_headers_and_no_inline_script_or_style(site: Site) -> None:
    for path in ("/", "/report", f"/pledges/{site.partnered_reference}"):
        response = site.client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)
        assert " style=" not in response.text and "<style" not in response.text
        # Nothing loaded from elsewhere: the only addresses are texts to read (the test
        # pledge's title, the embed snippets to copy, which name this service's own address).
        shown = SNIPPETS.sub("", response.text.replace(FORMULA_SAFE, ""))
        assert "http://" not in shown and "https://" not in shown


FORMULA_SAFE = "http://evil.example"  # the test pledge's own title, shown as text
SNIPPETS = re.compile(r"<pre><code>&lt;iframe src=&#34;[^<]*</code></pre>")


def test_repeat_views_are_304_with_the_etag(site: Site) -> None:
    for path in ("/", "/?region=africa", "/report", f"/pledges/{site.partnered_reference}"):
        first = site.client.get(path)
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "public, no-cache"
        again = site.client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["ETag"] == etag
    one = site.client.get("/", params={"region": "africa"}).headers["ETag"]
    other = site.client.get("/", params={"region": "asia_pacific"}).headers["ETag"]
    assert one != other


def test_assets_are_served_by_the_app_and_cached_for_long(site: Site) -> None:
    html = page(site, "/")
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        response = site.client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        again = site.client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
    assert site.client.get("/static/nothing.css").status_code == 404


def test_the_dashboard_is_small_and_gzipped(site: Site) -> None:
    response = site.client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) < 40_000
    assert TODAY.isoformat() in response.text
