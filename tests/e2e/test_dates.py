"""Two times over HTTP: a pledge made in 2020 and reported on until 2023, all recorded today
(as sample data and imports record them), reads by the days things happened (`as_of`) and by
what the record said (`recorded_as_of`); its history says both, by name, in plain JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import World, problem

pytestmark = pytest.mark.postgres

REPORTS = [  # (as_of, percent), recorded today in this order
    ("2021-03-31", 10),
    ("2021-09-30", 25),
    ("2022-03-31", 40),
    ("2022-09-30", 60),
    ("2023-03-31", 75),
    ("2023-09-30", 90),
]
REPRS = ("Decimal(", "IndicatorValue(", "<PledgeType", "staff:", "token:", "PledgeContent(")


def old_pledge(world: World) -> str:
    """Pledged on 2020-09-18, six reports of 2021-2023, recorded through the API now."""
    api = world.api
    pledge = api.submit(world.owner, world.owner_id, pledged_on="2020-09-18", deadline="2027-12-31")
    for as_of, percent in REPORTS:
        report = {
            "as_of": as_of,
            "percent_complete": percent,
            "narrative": f"Report of {as_of}.",
            "indicators": [{"indicator": "migrants reached", "value": "1200.50"}],
        }
        path = f"/api/pledges/{pledge['reference']}/progress-reports"
        assert api.call("POST", path, world.owner, json=report).status_code == 201
    return str(pledge["reference"])


def read(world: World, ref: str, **params: Any) -> Any:
    return world.api.call("GET", f"/api/pledges/{ref}", params=params)


def test_as_of_a_day_answers_what_was_true_then_whenever_it_was_recorded(world: World) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    ref = old_pledge(world)
    then = read(world, ref, as_of="2022-06-01")
    assert then.status_code == 200, then.text
    body = then.json()
    assert (body["status"], body["percent_complete"]) == ("in_progress", 40)
    assert [r["as_of"] for r in body["progress_reports"]] == [
        "2021-03-31",
        "2021-09-30",
        "2022-03-31",
    ]
    assert body["version"] == 4 and then.headers["etag"] == '"4"'
    assert body["pledged_on"] == "2020-09-18" and body["overdue"] is False

    pledged = read(world, ref, as_of="2020-09-18").json()
    assert (pledged["status"], pledged["progress_reports"]) == ("submitted", [])
    problem(read(world, ref, as_of="2020-09-17"), 404, "not_found")

    # As recorded: before the recording nothing was on file; now, all of it.
    problem(read(world, ref, recorded_as_of=before.isoformat()), 404, "not_found")
    now = read(world, ref, recorded_as_of=datetime.now(UTC).isoformat()).json()
    assert (now["version"], now["percent_complete"]) == (7, 90)


def test_the_history_gives_both_times_names_and_plain_values(world: World) -> None:
    ref = old_pledge(world)
    history = world.api.call("GET", f"/api/pledges/{ref}/history", world.secretariat)
    assert history.status_code == 200
    items = history.json()["items"]
    assert [e["effective_on"] for e in items] == ["2020-09-18", *(d for d, _ in REPORTS)]
    today = datetime.now(UTC).date().isoformat()
    assert {e["recorded_at"][:10] for e in items} == {today}
    assert {e["actor"]["name"] for e in items} == {"City of Lisbon"}
    assert items[1]["data"]["indicators"] == [{"indicator": "migrants reached", "value": "1200.50"}]
    assert items[0]["data"]["content"]["type"] == "partnership"
    assert items[0]["data"]["content"]["financial"] == {"amount": "250000.00", "currency": "EUR"}
    for fragment in REPRS:
        assert fragment not in history.text
    assert json.loads(history.text)["total"] == 7
