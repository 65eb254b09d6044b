"""Commands on a pledge over HTTP: each transition, each rule (409), versions (412), retries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.e2e.conftest import World, problem

pytestmark = pytest.mark.postgres

REPORT = {"as_of": "2026-10-01", "percent_complete": 40, "narrative": "Centre one opened."}
OLD = {"pledged_on": "2020-01-15", "deadline": "2021-06-30"}  # lapsable long ago


def post(world: World, ref: str, command: str, token: str, body: dict[str, Any], **kw: Any) -> Any:
    return world.api.call("POST", f"/api/pledges/{ref}/{command}", token, json=body, **kw)


def test_a_match_on_a_matching_pledge_records_the_matcher(world: World) -> None:
    ref = world.pledge(type="matching")
    body = {
        "pledger_id": world.other_id,
        "support": "financial",
        "description": "Co-funding",
        "amount": {"amount": "5000", "currency": "USD"},
    }
    matched = post(world, ref, "matches", world.secretariat, body)
    assert matched.status_code == 201, matched.text
    assert (matched.json()["version"], matched.json()["status"]) == (2, "matched")
    assert matched.headers["etag"] == '"2"'
    pledge = world.api.call("GET", f"/api/pledges/{ref}").json()
    assert pledge["matches"][0]["pledger_id"] == world.other_id
    assert pledge["matches"][0]["amount"] == {"amount": "5000", "currency": "USD"}
    own = {**body, "pledger_id": world.owner_id}
    problem(post(world, ref, "matches", world.secretariat, own), 409, "own_pledge")
    individual = world.pledge(type="individual")
    problem(post(world, individual, "matches", world.secretariat, body), 409, "not_matchable")
    unknown = {**body, "pledger_id": "6f1c0b7e-0000-4000-8000-000000000000"}
    problem(post(world, ref, "matches", world.secretariat, unknown), 404, "not_found")
    bad_money = {**body, "amount": {"amount": "5", "currency": "usd"}}
    details = problem(post(world, ref, "matches", world.secretariat, bad_money), 422)
    assert details["errors"][0]["field"] == "amount.currency"


def test_partners_join_common_and_partnership_pledges_once(world: World) -> None:
    ref = world.pledge()
    body = {"pledger_id": world.partner_id, "contribution": "Language courses"}
    # A pledger invites (partners by consent); the Secretariat records one agreed elsewhere.
    problem(post(world, ref, "partners", world.owner, body), 403, "not_allowed")
    joined = post(world, ref, "partners", world.secretariat, body)
    assert joined.status_code == 201 and joined.json()["status"] == "partnered"
    problem(post(world, ref, "partners", world.secretariat, body), 409, "already_partner")
    own = {**body, "pledger_id": world.owner_id}
    problem(post(world, ref, "partners", world.secretariat, own), 409, "own_pledge")
    individual = world.pledge(type="individual")
    problem(post(world, individual, "partners", world.secretariat, body), 409, "not_partnerable")
    problem(post(world, ref, "partners", world.secretariat, {"pledger_id": world.other_id}), 422)


def test_progress_reports_by_owner_and_partner_and_their_rules(world: World) -> None:
    ref = world.partnership()
    assert post(world, ref, "progress-reports", world.owner, REPORT).status_code == 201
    by_partner = post(world, ref, "progress-reports", world.partner, REPORT)
    assert by_partner.status_code == 201 and by_partner.json()["status"] == "in_progress"
    future = {**REPORT, "as_of": "2099-01-01"}
    problem(post(world, ref, "progress-reports", world.owner, future), 409, "report_date")
    early = {**REPORT, "as_of": "2020-01-01"}
    problem(post(world, ref, "progress-reports", world.owner, early), 409, "report_date")
    too_much = {**REPORT, "percent_complete": 101}
    details = problem(post(world, ref, "progress-reports", world.owner, too_much), 422)
    assert details["errors"][0]["field"] == "percent_complete"
    unknown = {**REPORT, "indicators": [{"indicator": "trees planted", "value": 3}]}
    details = problem(post(world, ref, "progress-reports", world.owner, unknown), 422)
    assert details["errors"][0]["field"] == "indicators[0].indicator"
    known = {**REPORT, "indicators": [{"indicator": "migrants reached", "value": "200.5"}]}
    assert post(world, ref, "progress-reports", world.owner, known).status_code == 201
    pledge = world.api.call("GET", f"/api/pledges/{ref}").json()
    assert pledge["progress_reports"][-1]["indicators"] == [
        {"indicator": "migrants reached", "value": "200.5"}
    ]
    assert pledge["progress_reports"][1]["reported_by"] == world.partner_id


def test_a_progress_report_retried_with_its_key_is_filed_once(world: World) -> None:
    ref, key = world.pledge(), {"Idempotency-Key": "report-2026-q3"}
    first = post(world, ref, "progress-reports", world.owner, REPORT, headers=key)
    again = post(world, ref, "progress-reports", world.owner, REPORT, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    assert world.api.call("GET", f"/api/pledges/{ref}").json()["version"] == 2
    changed = {**REPORT, "percent_complete": 50}
    details = problem(post(world, ref, "progress-reports", world.owner, changed, headers=key), 422)
    assert details["code"] == "idempotency_key_reused"
    other_pledge = world.pledge()  # the same key on another pledge is another request too
    elsewhere = post(world, other_pledge, "progress-reports", world.owner, REPORT, headers=key)
    problem(elsewhere, 422, "idempotency_key_reused")


def test_fulfilment_closes_the_pledge_for_every_later_command(world: World) -> None:
    ref = world.pledge()
    done = post(
        world,
        ref,
        "fulfilment",
        world.owner,
        {"fulfilled_on": "2026-11-01", "narrative": "All done."},
    )
    assert done.status_code == 200 and done.json()["status"] == "fulfilled"
    commands: list[tuple[str, dict[str, Any]]] = [
        ("progress-reports", REPORT),
        ("withdrawal", {"reason": "Late."}),
        ("deadline", {"deadline": "2030-01-01", "reason": "More time."}),
        ("fulfilment", {"fulfilled_on": "2026-11-01", "narrative": "Again."}),
    ]
    for command, body in commands:
        details = problem(post(world, ref, command, world.secretariat, body), 409, "pledge_closed")
        assert "fulfilled" in details["detail"]


def test_withdrawal_and_deadline_extension(world: World) -> None:
    ref = world.pledge()
    later = post(world, ref, "deadline", world.owner, {"deadline": "2029-06-30", "reason": "x"})
    assert later.status_code == 200 and later.json()["version"] == 2
    assert world.api.call("GET", f"/api/pledges/{ref}").json()["deadline"] == "2029-06-30"
    earlier = {"deadline": "2027-01-01", "reason": "Sooner."}
    problem(post(world, ref, "deadline", world.owner, earlier), 409, "deadline")
    gone = post(world, ref, "withdrawal", world.owner, {"reason": "Budget cut."})
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    problem(post(world, ref, "withdrawal", world.owner, {"reason": " "}), 409, "pledge_closed")


def test_lapse_and_reinstatement_by_the_secretariat(world: World) -> None:
    recent, old = world.pledge(), world.pledge(**OLD)
    reason = {"reason": "No report since the deadline."}
    problem(post(world, recent, "lapse", world.secretariat, reason), 409, "not_lapsable")
    lapsed = post(world, old, "lapse", world.secretariat, reason)
    assert lapsed.status_code == 200 and lapsed.json()["status"] == "lapsed"
    details = problem(post(world, old, "progress-reports", world.secretariat, REPORT), 409)
    assert details["code"] == "pledge_closed" and "reinstate" in details["detail"]
    past = {"deadline": "2022-01-01", "reason": "Resumed."}
    problem(post(world, old, "reinstatement", world.secretariat, past), 409, "deadline")
    back = {"deadline": "2030-01-01", "reason": "Resumed."}
    problem(post(world, recent, "reinstatement", world.secretariat, back), 409, "not_lapsed")
    reinstated = post(world, old, "reinstatement", world.secretariat, back)
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "submitted"


def test_if_match_guards_against_lost_updates(world: World) -> None:
    ref = world.pledge()
    etag = world.api.call("GET", f"/api/pledges/{ref}").headers["etag"]
    fresh = post(world, ref, "progress-reports", world.owner, REPORT, headers={"If-Match": etag})
    assert fresh.status_code == 201 and fresh.headers["etag"] == '"2"'
    stale = post(world, ref, "progress-reports", world.owner, REPORT, headers={"If-Match": etag})
    details = problem(stale, 412, "version_mismatch")
    assert (details["current_version"], details["expected_version"]) == (2, 1)
    assert stale.headers["etag"] == '"2"'
    anything = post(world, ref, "progress-reports", world.owner, REPORT, headers={"If-Match": "*"})
    assert anything.status_code == 201
    bare = post(world, ref, "progress-reports", world.owner, REPORT, headers={"If-Match": "3"})
    assert bare.status_code == 201 and bare.json()["version"] == 4
    odd = post(world, ref, "withdrawal", world.owner, {"reason": "x"}, headers={"If-Match": "v1"})
    assert problem(odd, 422)["errors"][0]["field"] == "If-Match"
    assert world.api.call("GET", f"/api/pledges/{ref}").json()["status"] == "in_progress"


def test_concurrent_reports_without_if_match_are_all_kept(world: World) -> None:
    ref = world.pledge()

    def report(i: int) -> int:
        body = {**REPORT, "percent_complete": i}
        response = post(world, ref, "progress-reports", world.owner, body)
        assert response.status_code == 201, response.text
        return int(response.json()["version"])

    with ThreadPoolExecutor(max_workers=6) as pool:
        versions = list(pool.map(report, range(12)))
    assert sorted(versions) == list(range(2, 14))
    pledge = world.api.call("GET", f"/api/pledges/{ref}").json()
    assert sorted(r["percent_complete"] for r in pledge["progress_reports"]) == list(range(12))
