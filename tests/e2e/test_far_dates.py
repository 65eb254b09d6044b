"""Dates stored at the calendar's ends, before today's rules refused them at entry: every
command, read, page and the deadline scan still answers, and a lapse that would count past
the calendar's last day is a 409 problem, not a 500."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from domain.values import SYSTEM, IndicatorValue
from tests.e2e.conftest import problem
from tests.e2e.site import TODAY, Site, site_fixture, staff_session
from tests.integration.recompute import wait_caught_up
from workers.scan import scan_deadlines

pytestmark = pytest.mark.postgres


@dataclass
class Stored:
    site: Site
    far: str  # a pledge whose deadline was extended to 9999-12-31
    early: str  # a pledge whose deadline and last report are 0001-01-01
    staff: dict[str, str]


site = site_fixture("far-dates", pledges=8)


@pytest.fixture(scope="module")
def stored(site: Site) -> Stored:
    app = site.container.app
    far, early = site.partnered_reference, site.formula_reference
    # Events as an earlier release stored them: through the application, past the rules.
    app.execute(far, lambda p: p._deadline_extended(deadline=date.max, reason="Far", actor=SYSTEM))
    app.execute(
        early, lambda p: p._deadline_extended(deadline=date.min, reason="Early", actor=SYSTEM)
    )
    app.execute(
        far,
        lambda p: p._progress_reported(
            as_of=date.min,
            percent_complete=10,
            narrative="Dated at the start of the calendar",
            indicators=(IndicatorValue("migrants reached", 1),),
            actor=SYSTEM,
        ),
    )
    wait_caught_up(site.container)
    return Stored(site, far, early, staff_session(site.container, "far@un.example.org"))


def test_lapsing_past_the_calendars_end_is_a_409_problem(stored: Stored) -> None:
    site = stored.site
    headers = {"Authorization": f"Bearer {site.secretariat}"}
    answer = site.client.post(
        f"/api/pledges/{stored.far}/lapse", json={"reason": "No news"}, headers=headers
    )
    body = problem(answer, 409, "not_lapsable")
    assert "9999-12-31" in body["detail"]
    assert site.client.get(f"/api/pledges/{stored.far}").json()["status"] == "in_progress"


def test_a_pledge_with_far_dates_reads_and_renders(stored: Stored) -> None:
    site = stored.site
    for reference, deadline in ((stored.far, "9999-12-31"), (stored.early, "0001-01-01")):
        read = site.client.get(f"/api/pledges/{reference}")
        assert read.status_code == 200, read.text
        assert read.json()["deadline"] == deadline
        token = {"Authorization": f"Bearer {site.secretariat}"}
        history = site.client.get(f"/api/pledges/{reference}/history", headers=token)
        assert history.status_code == 200, history.text
        assert site.client.get(f"/pledges/{reference}").status_code == 200
        console = site.client.get(f"/console/pledges/{reference}", headers=stored.staff)
        assert console.status_code == 200, console.text[:300]
    for sort in ("deadline", "-deadline"):
        listed = site.client.get("/api/pledges", params={"sort": sort, "limit": 200})
        assert listed.status_code == 200, listed.text
        assert {stored.far, stored.early} <= {i["reference"] for i in listed.json()["items"]}
    for path in ("/", "/?sort=deadline", "/report", "/console", "/console/deadlines"):
        assert site.client.get(path, headers=stored.staff).status_code == 200, path


@pytest.mark.parametrize(
    "today", [TODAY, date.max - timedelta(days=5), date.max], ids=["today", "max-5", "max"]
)
def test_the_deadline_scan_runs_over_far_dates(stored: Stored, today: date) -> None:
    result = scan_deadlines(stored.site.container, today)
    assert stored.far not in result.lapsed
    if today == TODAY:
        assert stored.early in result.lapsed  # long past its deadline and grace period
