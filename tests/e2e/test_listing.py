"""GET /api/pledges and GET /api/dashboard over HTTP, from projections kept in step by
the real runners, checked against the pledges themselves one by one."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.database import Database
from service.sample import SampleData
from tests.conftest import SERVER_URL, _session_database, make_container
from tests.e2e.conftest import problem
from tests.integration.recompute import (
    all_aggregates,
    assert_dashboard_matches,
    expected_counts,
    wait_caught_up,
)
from workers.projection_runner import start_projection_runners

TODAY = date(2026, 11, 22)


@dataclass
class Listing:
    client: TestClient
    container: Container
    secretariat: str


@pytest.fixture(scope="module")
def listing(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Listing]:
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        yield from serve(database, tmp_path_factory.mktemp("listing"))


def serve(database: Database, folder: Path) -> Iterator[Listing]:
    with make_container(database, folder, pool_size=4) as c:
        c.app.today = lambda: TODAY
        SampleData(c.app, c.contacts, seed=11, today=date(2026, 11, 1)).run(120, lambda _n: None)
        stop = threading.Event()
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            wait_caught_up(c)
            app = create_app(c)
            with TestClient(app, raise_server_exceptions=False) as client:
                token = app.state.container.tokens.create(Role.SECRETARIAT, "listing", None)[1]
                yield Listing(client, c, token)
        finally:
            stop.set()
            for runner in runners:
                runner.join(10)


def post_report(listing: Listing, reference: str, percent: int) -> int:
    reported = listing.client.post(
        f"/api/pledges/{reference}/progress-reports",
        headers={"Authorization": f"Bearer {listing.secretariat}"},
        json={"as_of": "2026-11-20", "percent_complete": percent, "narrative": "Half-year"},
    )
    assert reported.status_code == 201, reported.text
    position: int = reported.json()["position"]
    return position


def every_page(client: TestClient, **params: Any) -> tuple[list[dict[str, Any]], int]:
    items, cursor, total = [], None, -1
    while True:
        response = client.get("/api/pledges", params={**params, "limit": 7, "cursor": cursor})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        total = body["total"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items, total


def test_two_filters_give_exactly_the_matching_pledges_across_pages(listing: Listing) -> None:
    pledges, _ = all_aggregates(listing.container)
    expected = {
        p.reference
        for p in pledges
        if p.status.value == "in_progress"
        and (5 in p.content.objectives or 16 in p.content.objectives)
    }
    items, total = every_page(listing.client, status="in_progress", objective=[5, 16])
    references = [i["reference"] for i in items]
    assert len(references) == len(set(references)) == total == len(expected)
    assert set(references) == expected and expected


def test_each_listed_pledge_shows_what_the_pledge_itself_says(listing: Listing) -> None:
    pledges, pledgers = all_aggregates(listing.container)
    items, _ = every_page(listing.client, sort="reference")
    assert [i["reference"] for i in items] == sorted(p.reference for p in pledges)
    by_ref = {p.reference: p for p in pledges}
    for item in items:
        p = by_ref[item["reference"]]
        assert (item["status"], item["percent_complete"], item["deadline"], item["version"]) == (
            p.status.value,
            p.percent_complete,
            p.deadline.isoformat(),
            p.version,
        )
        assert item["overdue"] == p.is_overdue(TODAY)
        assert item["pledger"]["name"] == pledgers[p.pledger_id].name


def test_the_dashboard_counts_match_the_pledges(listing: Listing) -> None:
    pledges, pledgers = all_aggregates(listing.container)
    response = listing.client.get("/api/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["filtered"] is False
    assert_dashboard_matches(body, expected_counts(pledges, pledgers, TODAY))
    assert len(body["by_objective"]) == 23 and len(body["underreported_objectives"]) == 5


def test_a_filtered_dashboard_counts_only_matching_pledges(listing: Listing) -> None:
    pledges, pledgers = all_aggregates(listing.container)
    chosen = [p for p in pledges if p.content.region.value == "africa"]
    body = listing.client.get("/api/dashboard", params={"region": "africa"}).json()
    assert body["filtered"] is True
    assert_dashboard_matches(body, expected_counts(chosen, pledgers, TODAY))


def test_a_new_progress_report_shows_in_the_list_at_once(listing: Listing) -> None:
    items, _ = every_page(listing.client, status="in_progress", sort="reference")
    target = items[0]
    new_percent = (target["percent_complete"] + 1) % 101
    position = post_report(listing, target["reference"], new_percent)
    response = listing.client.get(
        "/api/pledges", params={"q": target["reference"], "min_position": position}
    )
    assert response.headers.get("X-Read-Model-Stale") is None
    assert int(response.headers["X-Read-Model-Position"]) >= position
    [item] = response.json()["items"]
    assert (item["percent_complete"], item["version"]) == (new_percent, target["version"] + 1)


def test_sorting_by_deadline_orders_the_list(listing: Listing) -> None:
    items, _ = every_page(listing.client, sort="-deadline")
    deadlines = [i["deadline"] for i in items]
    assert deadlines == sorted(deadlines, reverse=True)


def test_newest_first_is_by_the_day_pledged_not_the_day_recorded(listing: Listing) -> None:
    """Sample data records years of pledges in one run: the list still puts the latest
    pledged on top, and "recently updated" is by the day events took effect."""
    items, total = every_page(listing.client)  # the default order: newest first
    assert len(items) == total == 120
    pledged = [i["pledged_on"] for i in items]
    assert pledged == sorted(pledged, reverse=True) and pledged[0] > pledged[-1]
    recorded = [i["submitted_at"] for i in items]
    assert recorded != sorted(recorded, reverse=True)  # not the recording order
    active, _ = every_page(listing.client, sort="-last_effective_on")
    days = [i["last_effective_on"] for i in active]
    assert days == sorted(days, reverse=True)
    for item in active[:5]:
        history = listing.container.histories.entries(item["reference"])
        assert item["last_effective_on"] == max(e["effective_on"] for e in history)


def test_search_finds_pledges_by_words_of_their_title(listing: Listing) -> None:
    pledges, _ = all_aggregates(listing.container)
    word = pledges[0].content.title.split()[0]
    items, _ = every_page(listing.client, q=word)
    expected = {p.reference for p in pledges if word.lower() in p.content.title.lower()}
    assert expected <= {i["reference"] for i in items}


def searchable_word(listing: Listing, text: str) -> str:
    """A word of the text that English full-text search keeps (not a stop word like 'against')."""
    with listing.container.database.pool().connection() as conn:
        for word in (w.strip(".,;:()") for w in reversed(text.split())):
            found = conn.execute("SELECT numnode(plainto_tsquery('english', %s))", (word,))
            row = found.fetchone()
            if len(word) > 6 and word.isalpha() and row is not None and row[0] > 0:
                return word
    raise AssertionError("no searchable word in the description")


def test_search_finds_pledges_by_their_pledgers_name_and_description(listing: Listing) -> None:
    pledges, pledgers = all_aggregates(listing.container)
    target = pledges[-1]
    by_name = pledgers[target.pledger_id].name
    for words in (f'"{by_name}"', searchable_word(listing, target.content.description)):
        items, _ = every_page(listing.client, q=words)
        assert target.reference in {i["reference"] for i in items}, words


def test_reads_reuse_a_position_briefly_but_min_position_reads_it_afresh(
    listing: Listing,
) -> None:
    positions = listing.client.app.state.positions  # type: ignore[attr-defined]
    items, _ = every_page(listing.client, status="in_progress", sort="reference")
    positions.ttl = 2.0
    try:
        before = listing.client.get("/api/dashboard").headers["X-Read-Model-Position"]
        percent = (items[1]["percent_complete"] + 3) % 101
        position = post_report(listing, items[1]["reference"], percent)
        assert listing.container.queries.wait_for(position, 5)
        reused = listing.client.get("/api/dashboard").headers["X-Read-Model-Position"]
        fresh = listing.client.get("/api/dashboard", params={"min_position": position})
        time.sleep(2.0)
        later = listing.client.get("/api/dashboard").headers["X-Read-Model-Position"]
    finally:
        positions.ttl = 0
    assert reused == before
    assert int(fresh.headers["X-Read-Model-Position"]) >= position
    assert int(later) >= position


def test_bad_list_parameters_are_clear_4xx(listing: Listing) -> None:
    problem(listing.client.get("/api/pledges", params={"objective": 24}), 422, "invalid_input")
    bad_cursor = listing.client.get("/api/pledges", params={"cursor": "nonsense"})
    problem(bad_cursor, 400, "invalid_cursor")
    problem(listing.client.get("/api/pledges", params={"sort": "colour"}), 422, "invalid_input")
    problem(listing.client.get("/api/pledges", params={"status": "asleep"}), 422, "invalid_input")


def test_a_repeat_read_is_a_304_until_a_report_changes_the_answer(listing: Listing) -> None:
    items, _ = every_page(listing.client, status="in_progress", sort="reference")
    target = items[-1]
    reads = {"/api/pledges": {"q": target["reference"]}, "/api/dashboard": {"region": "africa"}}
    etags = {}
    for path, params in reads.items():
        first = listing.client.get(path, params=params)
        etags[path] = first.headers["ETag"]
        again = listing.client.get(path, params=params, headers={"If-None-Match": etags[path]})
        assert (again.status_code, again.content) == (304, b"")
        assert again.headers["X-Read-Model-Position"] == first.headers["X-Read-Model-Position"]
    new_percent = (target["percent_complete"] + 7) % 101
    position = post_report(listing, target["reference"], new_percent)
    for path, params in reads.items():
        after = listing.client.get(
            path,
            params={**params, "min_position": position},
            headers={"If-None-Match": etags[path]},
        )
        assert after.status_code == 200 and after.headers["ETag"] != etags[path]
    [item] = after_list(listing, target["reference"])
    assert item["percent_complete"] == new_percent


def after_list(listing: Listing, reference: str) -> list[dict[str, Any]]:
    body = listing.client.get("/api/pledges", params={"q": reference}).json()
    items: list[dict[str, Any]] = body["items"]
    return items
