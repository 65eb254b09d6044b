"""The Atom feeds as a feed reader reads them (feedparser): the public list's pledges in its
order, filtered as the list, with ids that stay, and nothing personal."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest

from tests.e2e.site import Site, site_fixture
from tests.integration.recompute import wait_caught_up

PUBLIC_URL = "https://pledges.example.org"
SIZE = 30


site = site_fixture("feeds", 80, public_url=PUBLIC_URL)


def read(site: Site, path: str) -> Any:
    response = site.client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception  # well-formed XML, a proper Atom feed
    assert parsed.version == "atom10"
    return parsed


def listed(site: Site, query: str) -> list[dict[str, Any]]:
    response = site.client.get(f"/api/pledges?limit={SIZE}&{query}")
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def refs(entries: list[Any]) -> list[str]:
    return [e.link.rsplit("/", 1)[1] for e in entries]


@pytest.mark.parametrize("query", ["", "objective=5", "country=PRT", "region=africa&type=common"])
def test_the_pledges_feed_holds_the_lists_pledges_in_order(site: Site, query: str) -> None:
    feed = read(site, f"/feeds/pledges.atom?{query}")
    expected = listed(site, f"sort=-submitted_at&{query}")
    assert refs(feed.entries) == [p["reference"] for p in expected]
    assert feed.feed.links[0].rel == "self"
    assert feed.feed.links[0].href == f"{PUBLIC_URL}/feeds/pledges.atom" + (
        f"?{query}" if query else ""
    )
    assert {link.rel for link in feed.feed.links} == {"self", "alternate"}
    for entry, pledge in zip(feed.entries, expected, strict=True):
        assert entry.id == f"tag:pledges.example.org,2026:{pledge['reference']}/v1"
        assert entry.title == f"{pledge['reference']}: {pledge['title']}"
        assert entry.link == f"{PUBLIC_URL}/pledges/{pledge['reference']}"
        assert entry.author == pledge["pledger"]["name"]
        assert entry.updated  # feedparser read an RFC 3339 time
        assert {t.term for t in entry.tags} == {f"objective-{n}" for n in pledge["objectives"]}


def test_the_fulfilled_feed_holds_the_fulfilled_pledges(site: Site) -> None:
    feed = read(site, "/feeds/fulfilled.atom?region=africa")
    expected = listed(site, "status=fulfilled&sort=-updated_at&region=africa")
    assert expected and refs(feed.entries) == [p["reference"] for p in expected]
    assert all(e.id.endswith("/fulfilled") for e in feed.entries)
    assert read(site, "/feeds/fulfilled.atom?status=submitted").entries == []


def test_the_reports_feed_holds_every_report_once_the_newest_first(site: Site) -> None:
    ref = site.partnered_reference
    feed = read(site, f"/feeds/reports.atom?q={ref}")
    assert [e.title for e in feed.entries] == [f"{ref}: 40% complete as of 2026-10-01"]
    assert "Two centres opened." in feed.entries[0].summary
    everything = read(site, "/feeds/reports.atom")
    times = [e.updated_parsed for e in everything.entries]
    assert times == sorted(times, reverse=True) and len(everything.entries) == SIZE
    assert len({e.id for e in everything.entries}) == SIZE


def test_entries_keep_their_ids_and_times_as_the_pledges_change(site: Site) -> None:
    ref = site.partnered_reference
    before = read(site, f"/feeds/reports.atom?q={ref}").entries
    report = {"as_of": "2026-11-10", "percent_complete": 70, "narrative": "A third centre."}
    site.post(f"/api/pledges/{ref}/progress-reports", report)
    wait_caught_up(site.container)
    after = read(site, f"/feeds/reports.atom?q={ref}").entries
    assert after[0].title == f"{ref}: 70% complete as of 2026-11-10"
    assert [(e.id, e.updated) for e in after[1:]] == [(e.id, e.updated) for e in before]
    pledged = read(site, f"/feeds/pledges.atom?q={ref}").entries
    assert [e.id for e in pledged] == [f"tag:pledges.example.org,2026:{ref}/v1"]


def test_no_feed_shows_personal_data(site: Site) -> None:
    for kind in ("pledges", "reports", "fulfilled"):
        body = site.client.get(f"/feeds/{kind}.atom").text
        assert "Ana Focal" not in body and "@" not in body
        for email in site.emails:
            assert email not in body


def test_feeds_are_cached_until_the_pledges_change(site: Site) -> None:
    first = site.client.get("/feeds/pledges.atom?objective=3")
    etag = first.headers["etag"]
    assert (
        site.client.get(
            "/feeds/pledges.atom?objective=3", headers={"If-None-Match": etag}
        ).status_code
        == 304
    )
    withdrawn = listed(site, "objective=3&status=submitted")[0]["reference"]
    done = site.client.post(
        f"/api/pledges/{withdrawn}/withdrawal",
        json={"reason": "Budget cut."},
        headers={"Authorization": f"Bearer {site.secretariat}"},
    )
    assert done.status_code == 200, done.text
    wait_caught_up(site.container)
    again = site.client.get("/feeds/pledges.atom?objective=3", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag


def test_a_bad_filter_is_a_problem(site: Site) -> None:
    response = site.client.get("/feeds/pledges.atom?objective=99")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_dashboard_links_its_feeds(site: Site) -> None:
    page = site.client.get("/?objective=5").text
    for kind in ("pledges", "reports", "fulfilled"):
        assert (
            '<link rel="alternate" type="application/atom+xml"' in page
            and f'href="/feeds/{kind}.atom?objective=5"' in page
        )
    assert 'href="/feeds/pledges.atom"' in site.client.get("/").text
