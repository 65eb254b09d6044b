"""Submitting and reading pledges over HTTP: ids, references, versions, moments, problems."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import World, problem
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres


def test_a_submitted_pledge_reads_back_by_id_and_reference_with_its_etag(world: World) -> None:
    api = world.api
    created = api.call(
        "POST", "/api/pledges", world.owner, json=wire_pledge(world.owner_id, countries=["PRT"])
    )
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "reference", "version", "status", "position"}
    assert (body["version"], body["status"]) == (1, "submitted")
    assert body["reference"].startswith("GCM-2026-")
    assert created.headers["etag"] == '"1"'
    for key in (body["id"], body["reference"], body["reference"].lower()):
        read = api.call("GET", f"/api/pledges/{key}")  # the public: no token
        assert read.status_code == 200, read.text
        assert read.headers["etag"] == '"1"'
    pledge = read.json()
    assert pledge["pledger"] == {
        "id": world.owner_id,
        "name": "City of Lisbon",
        "category": "civil_society",
        "country": "PRT",
    }
    assert pledge["financial"] == {"amount": "250000.00", "currency": "EUR"}
    assert pledge["objectives"] == [3, 15, 16] and pledge["overdue"] is False
    assert "contacts" not in read.text and "@" not in read.text


def test_reads_at_a_version_and_as_of_a_moment_show_the_pledge_as_it_was(world: World) -> None:
    api, ref = world.api, world.pledge()
    before_report = datetime.now(UTC)
    report = {"as_of": "2026-10-01", "percent_complete": 30, "narrative": "Centre one is open."}
    reported = api.call("POST", f"/api/pledges/{ref}/progress-reports", world.owner, json=report)
    assert reported.json()["version"] == 2
    at_one = api.call("GET", f"/api/pledges/{ref}", params={"version": 1})
    assert (at_one.json()["version"], at_one.json()["status"]) == (1, "submitted")
    assert at_one.headers["etag"] == '"1"'
    now = api.call("GET", f"/api/pledges/{ref}")
    assert (now.json()["status"], now.json()["percent_complete"]) == ("in_progress", 30)
    moment = {"recorded_as_of": before_report.isoformat()}
    assert api.call("GET", f"/api/pledges/{ref}", params=moment).json()["version"] == 1
    naive = before_report.replace(tzinfo=None).isoformat()  # no offset: read as UTC
    moment = {"recorded_as_of": naive}
    assert api.call("GET", f"/api/pledges/{ref}", params=moment).json()["version"] == 1
    long_ago = {"recorded_as_of": (before_report - timedelta(days=3650)).isoformat()}
    problem(api.call("GET", f"/api/pledges/{ref}", params=long_ago), 404)
    problem(api.call("GET", f"/api/pledges/{ref}", params={"version": 3}), 404)
    problem(api.call("GET", f"/api/pledges/{ref}", params={"version": 0}), 422)
    for bad in ("yesterday", naive):  # as_of is a day; a moment is recorded_as_of's
        problem(api.call("GET", f"/api/pledges/{ref}", params={"as_of": bad}), 422)


@pytest.mark.parametrize(
    "given",
    [
        {"version": 1, "as_of": "2026-10-01"},
        {"version": 1, "recorded_as_of": "2026-10-01T00:00:00Z"},
        {"as_of": "2026-10-01", "recorded_as_of": "2026-10-01T00:00:00Z"},
        {"version": 1, "as_of": "2026-10-01", "recorded_as_of": "2026-10-01T00:00:00Z"},
    ],
)
def test_version_as_of_and_recorded_as_of_exclude_each_other(
    world: World, given: dict[str, object]
) -> None:
    read = world.api.call("GET", f"/api/pledges/{world.pledge()}", params=given)
    body = problem(read, 422, "invalid_input")
    assert all(name in body["detail"] for name in given)


@pytest.mark.parametrize("key", ["GCM-2026-9999", "6f1c0b7e-0000-4000-8000-000000000000", "nope"])
def test_an_unknown_pledge_is_a_404_problem(world: World, key: str) -> None:
    problem(world.api.call("GET", f"/api/pledges/{key}"), 404, "not_found")
    problem(world.api.call("GET", f"/api/pledges/{key}/history", world.secretariat), 404)


def test_history_lists_every_event_with_its_actor_for_the_secretariat(world: World) -> None:
    api, ref = world.api, world.partnership()
    report = {"as_of": "2026-10-01", "percent_complete": 10, "narrative": "Started."}
    api.call("POST", f"/api/pledges/{ref}/progress-reports", world.secretariat, json=report)
    history = api.call("GET", f"/api/pledges/{ref}/history", world.secretariat)
    assert history.status_code == 200
    body = history.json()
    assert body["total"] == 4 and body["next_cursor"] is None
    kinds = [(e["version"], e["type"], e["actor"]["role"]) for e in body["items"]]
    assert kinds == [
        (1, "Submitted", "pledger"),
        (2, "PartnerInvited", "pledger"),  # by the owner
        (3, "PartnerJoined", "pledger"),  # the partner's own acceptance
        (4, "ProgressReported", "secretariat"),
    ]
    owner = body["items"][0]["actor"]
    assert owner == {
        "kind": "pledger",
        "id": world.owner_id,
        "role": "pledger",
        "name": "City of Lisbon",
    }
    assert body["items"][2]["actor"]["name"] == "Partner"  # it accepted for itself
    assert body["items"][3]["actor"]["kind"] == "token"
    assert body["items"][3]["actor"]["name"] == "API token “test secretariat”"
    joined = body["items"][2]["data"]
    assert (joined["pledger_id"], joined["pledger_name"]) == (world.partner_id, "Partner")
    assert [e["effective_on"] for e in body["items"]] == [
        "2026-05-08",
        body["items"][1]["recorded_at"][:10],
        body["items"][2]["recorded_at"][:10],
        "2026-10-01",
    ]
    problem(api.call("GET", f"/api/pledges/{ref}/history"), 401, "unauthorized")
    problem(api.call("GET", f"/api/pledges/{ref}/history", world.owner), 403, "not_allowed")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"description": "Too short."}, "description"),
        ({"objectives": [24]}, "objectives[0]"),
        ({"objectives": []}, "objectives"),
        ({"forms": ["cash"]}, "forms[0]"),
        ({"type": "solo"}, "type"),
        ({"countries": ["XXX"]}, "countries"),
        ({"countries": ["prt"]}, "countries[0]"),
        ({"financial": {"amount": "-5", "currency": "EUR"}}, "financial.amount"),
        ({"financial": {"amount": "5", "currency": "XYZ"}}, "financial.currency"),
        ({"deadline": "2026-01-01"}, "deadline"),
        ({"pledged_on": "2099-01-01", "deadline": "2100-01-01"}, "pledged_on"),
        ({"pledged_on": "not a date"}, "pledged_on"),
        ({"pledger_id": "123"}, "pledger_id"),
        ({"colour": "blue"}, "colour"),
        ({"title": "nul \x00 byte"}, "title"),
        ({"targets": [{"indicator": "a", "target": "x"}]}, "targets[0].target"),
    ],
)
def test_invalid_submissions_are_422_problems_naming_the_field(
    world: World, changes: dict[str, object], field: str
) -> None:
    body = {**wire_pledge(world.owner_id), **changes}
    response = world.api.call("POST", "/api/pledges", world.secretariat, json=body)
    details = problem(response, 422, "invalid_input")
    assert field in [e["field"] for e in details["errors"]], details
    assert field in details["detail"]


def test_a_missing_field_and_a_body_that_is_not_json_are_422_too(world: World) -> None:
    body = wire_pledge(world.owner_id)
    del body["title"]
    details = problem(world.api.call("POST", "/api/pledges", world.owner, json=body), 422)
    assert details["errors"][0] == {
        "field": "title",
        "location": "body",
        "reason": "Field required",
    }
    broken = world.api.call(
        "POST",
        "/api/pledges",
        world.owner,
        content=b'{"title": ',
        headers={"Content-Type": "application/json"},
    )
    assert problem(broken, 422)["errors"][0]["field"] == "body"


def test_a_pledge_for_an_unknown_pledger_is_a_404(world: World) -> None:
    body = wire_pledge("6f1c0b7e-0000-4000-8000-000000000000")
    problem(world.api.call("POST", "/api/pledges", world.secretariat, json=body), 404)


def test_a_submission_retried_with_its_idempotency_key_returns_the_first_answer(
    world: World,
) -> None:
    api, body = world.api, wire_pledge(world.owner_id)
    key = {"Idempotency-Key": "submit-0001"}
    first = api.call("POST", "/api/pledges", world.owner, json=body, headers=key)
    again = api.call("POST", "/api/pledges", world.owner, json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["idempotent-replayed"] == "true"
    different = api.call(
        "POST", "/api/pledges", world.owner, json={**body, "title": "Another"}, headers=key
    )
    details = problem(different, 422, "idempotency_key_reused")
    assert details["errors"][0]["field"] == "Idempotency-Key"
    # Keys belong to their actor: the Secretariat's same key is a new request.
    theirs = api.call("POST", "/api/pledges", world.secretariat, json=body, headers=key)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    pledges = api.call("GET", f"/api/pledges/{first.json()['id']}")
    assert pledges.json()["version"] == 1


def test_a_failed_submission_frees_its_idempotency_key(world: World) -> None:
    api, key = world.api, {"Idempotency-Key": "retry-after-fixing"}
    bad = wire_pledge(world.owner_id, deadline="2020-01-01")  # the domain refuses it
    problem(api.call("POST", "/api/pledges", world.owner, json=bad, headers=key), 422)
    good = api.call(
        "POST", "/api/pledges", world.owner, json=wire_pledge(world.owner_id), headers=key
    )
    assert good.status_code == 201


def test_a_malformed_idempotency_key_is_a_422_naming_the_header(world: World) -> None:
    response = world.api.call(
        "POST",
        "/api/pledges",
        world.owner,
        json=wire_pledge(world.owner_id),
        headers={"Idempotency-Key": "x" * 300},
    )
    assert problem(response, 422)["errors"][0]["field"] == "Idempotency-Key"
