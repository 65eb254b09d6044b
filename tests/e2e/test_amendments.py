"""Amendments over the API: what changed, from what to what, and why, in the pledge and its
history; and each way an amendment is refused (422, 409, 412), with nothing recorded."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import World, problem

pytestmark = pytest.mark.postgres
TARGET = {"indicator": "migrants reached", "baseline": 0, "target": 300, "unit": "people"}


def amend(world: World, ref: str, body: dict[str, Any], token: str | None = None, **kw: Any) -> Any:
    path = f"/api/pledges/{ref}/amendments"
    return world.api.call("POST", path, token or world.owner, json=body, **kw)


def test_an_amendment_says_what_changed_from_what_to_what_and_why(world: World) -> None:
    ref = world.pledge()
    body = {
        "changes": {"title": "Three one-stop centres", "targets": [TARGET], "objectives": [16, 3]},
        "reason": "The second centre opens after the deadline.",
    }
    answer = amend(world, ref, body, headers={"If-Match": '"1"'})
    assert answer.status_code == 201, answer.text
    assert answer.json()["version"] == 2 and answer.headers["etag"] == '"2"'

    pledge = world.api.call("GET", f"/api/pledges/{ref}").json()
    assert pledge["title"] == "Three one-stop centres" and pledge["objectives"] == [16, 3]
    [amendment] = pledge["amendments"]
    assert amendment["version"] == 2 and amendment["reason"] == body["reason"]
    # Objectives 3, 15, 16 -> 16, 3: 15 went; the order alone is no change.
    assert amendment["changes"] == [
        {
            "field": "title",
            "indicator": None,
            "before": "One-stop centres for newly arrived migrants",
            "after": "Three one-stop centres",
        },
        {"field": "objectives", "indicator": None, "before": [3, 15, 16], "after": [16, 3]},
        {"field": "target", "indicator": "migrants reached", "before": "500", "after": "300"},
    ]
    history = world.api.call("GET", f"/api/pledges/{ref}/history", world.secretariat).json()
    amended = history["items"][-1]
    assert amended["type"] == "Amended" and amended["changes"] == amendment["changes"]
    assert amended["data"]["reason"] == body["reason"] and history["items"][0]["changes"] is None


def test_the_secretariat_removes_the_amount_and_adds_a_target(world: World) -> None:
    ref = world.pledge()
    added = {"indicator": "staff trained", "target": 40}
    body = {"changes": {"financial": None, "targets": [TARGET | {"target": 500}, added]}}
    answer = amend(world, ref, {**body, "reason": "Funding moved."}, world.secretariat)
    assert answer.status_code == 201, answer.text
    [amendment] = world.api.call("GET", f"/api/pledges/{ref}").json()["amendments"]
    assert amendment["changes"] == [
        {
            "field": "financial",
            "indicator": None,
            "before": {"amount": "250000.00", "currency": "EUR"},
            "after": None,
        },
        {
            "field": "targets",
            "indicator": "staff trained",
            "before": None,
            "after": {"indicator": "staff trained", "baseline": "0", "target": "40", "unit": ""},
        },
    ]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"changes": {}, "reason": "x"}, "changes", "at least one field"),
        (
            {"changes": {"title": "One-stop centres for newly arrived migrants"}, "reason": "x"},
            "changes",
            "changes nothing",
        ),
        ({"changes": {"objectives": [16, 15, 3]}, "reason": "x"}, "changes", "changes nothing"),
        ({"changes": {"title": "New"}}, "reason", "Field required"),
        ({"changes": {"title": "New"}, "reason": " "}, "reason", "must not be empty"),
        ({"changes": {"title": None}, "reason": "x"}, "changes.title", "not null"),
        ({"changes": {"deadline": "2030-01-01"}, "reason": "x"}, "changes.deadline", "Extra"),
        (
            {"changes": {"countries": [], "region": "africa"}, "reason": "x"},
            "changes.countries",
            "name at least one country",
        ),
        (
            {"changes": {"targets": [{"indicator": "a", "target": "1e999"}]}, "reason": "x"},
            "changes.targets[0].target",
            "digits",
        ),
    ],
)
def test_a_faulty_amendment_is_a_422_naming_the_field(
    world: World, body: dict[str, Any], field: str, words: str
) -> None:
    ref = world.pledge()
    found = problem(amend(world, ref, body), 422, "invalid_input")
    assert [e["field"] for e in found["errors"]] == [field], found
    assert words in found["errors"][0]["reason"], found
    assert world.api.call("GET", f"/api/pledges/{ref}").json()["version"] == 1


def test_a_stale_version_a_closed_pledge_and_a_partnered_type_are_refused(world: World) -> None:
    ref = world.partnership()  # version 3: the partner invited, then joined
    change = {"changes": {"title": "Renamed"}, "reason": "Clearer."}
    stale = problem(amend(world, ref, change, headers={"If-Match": '"1"'}), 412)
    assert stale["current_version"] == 3 and stale["expected_version"] == 1
    retype = {"changes": {"type": "individual"}, "reason": "Alone now."}
    assert "partners or matches" in problem(amend(world, ref, retype), 409)["detail"]
    withdrawn = world.api.call(
        "POST", f"/api/pledges/{ref}/withdrawal", world.owner, json={"reason": "Cut."}
    )
    assert withdrawn.status_code == 200
    problem(amend(world, ref, change), 409, "pledge_closed")
    assert world.api.call("GET", f"/api/pledges/{ref}").json()["amendments"] == []
