"""Matching over HTTP: what a pledge seeks, offers accepted and refused, sought against
committed per currency, the list of pledges open for matching and the rules' 409s."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import Api, World, problem
from workers.projection_runner import start_projection_runners

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("projected")]


@pytest.fixture(scope="module")
def projected(api: Api) -> Iterator[None]:
    """The projection runners, as a deployment runs them: /api/matching and the pledges a
    pledge matches read the pledge summaries."""
    stop = threading.Event()
    c = api.container
    runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
    yield
    stop.set()
    for runner in runners:
        runner.join(10)


EUR = {"amount": "100000.00", "currency": "EUR"}
USD = {"amount": "20000", "currency": "USD"}
SEEKING = [
    {"support": "financial", "description": "Running costs", "amount": EUR},
    {"support": "financial", "description": "Equipment", "amount": USD},
    {"support": "technical", "description": "Case-management software experts"},
]


def offer(world: World, ref: str, token: str, pledger_id: str, **body: Any) -> Any:
    wire = {"pledger_id": pledger_id, "support": "technical", "description": "Two experts", **body}
    return world.api.call("POST", f"/api/pledges/{ref}/match-offers", token, json=wire)


def answer(world: World, ref: str, oid: str, what: str, token: str, **body: Any) -> Any:
    path = f"/api/pledges/{ref}/match-offers/{oid}/{what}"
    return world.api.call("POST", path, token, json=body)


def read(world: World, ref: str, token: str | None = None) -> dict[str, Any]:
    response = world.api.call("GET", f"/api/pledges/{ref}", token)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def seeking_pledge(world: World, **changes: Any) -> str:
    return world.pledge(type="matching", seeking=SEEKING, **changes)


def test_an_accepted_offer_is_a_match_both_pledges_show(world: World) -> None:
    ref = seeking_pledge(world)
    own = world.api.submit(world.other, world.other_id, type="individual")["reference"]
    made = offer(
        world, ref, world.other, world.other_id, support="financial", pledge_id=own,
        amount={"amount": "30000.00", "currency": "EUR"}, description="A grant",
    )  # fmt: skip
    assert made.status_code == 201, made.text
    oid = made.json()["offer_id"]
    # Waiting for the owner: not public, not a match yet; the owner sees it.
    assert read(world, ref)["matches"] == [] and read(world, ref)["match_offers"] is None
    assert read(world, ref, world.other)["match_offers"] is None
    waiting = read(world, ref, world.owner)["match_offers"]
    assert [(o["id"], o["state"]) for o in waiting] == [(oid, "pending")]
    accepted = answer(world, ref, oid, "acceptance", world.owner)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "matched"
    assert world.api.container.queries.wait_for(accepted.json()["position"], 5)
    pledge = read(world, ref)
    match = pledge["matches"][0]
    assert (match["pledger_id"], match["offer_id"], match["description"]) == (
        world.other_id, oid, "A grant",
    )  # fmt: skip
    assert match["amount"] == {"amount": "30000.00", "currency": "EUR"}
    eur = {"currency": "EUR", "sought": "100000.00", "committed": "30000.00"}
    usd = {"currency": "USD", "sought": "20000", "committed": "0", "remaining": "20000"}
    assert pledge["balances"] == [{**eur, "remaining": "70000.00"}, usd]
    offering = read(world, own)
    assert [g["reference"] for g in offering["matches_given"]] == [ref]
    # Answered once.
    problem(answer(world, ref, oid, "acceptance", world.owner), 409, "offer_answered")
    problem(answer(world, ref, oid, "refusal", world.owner), 409, "offer_answered")


def test_a_refused_offer_is_never_public_and_a_withdrawn_one_cannot_be_accepted(
    world: World,
) -> None:
    ref = seeking_pledge(world)
    oid = offer(world, ref, world.partner, world.partner_id).json()["offer_id"]
    refused = answer(world, ref, oid, "refusal", world.owner, reason="Covered already")
    assert refused.status_code == 200, refused.text
    assert read(world, ref)["matches"] == []
    states = read(world, ref, world.owner)["match_offers"]
    assert [(o["state"], o["reason"]) for o in states] == [("declined", "Covered already")]
    second = offer(world, ref, world.partner, world.partner_id).json()["offer_id"]
    assert answer(world, ref, second, "withdrawal", world.partner).status_code == 200
    problem(answer(world, ref, second, "acceptance", world.owner), 409, "offer_answered")
    assert read(world, ref)["status"] == "submitted"
    history = world.api.call("GET", f"/api/pledges/{ref}/history", world.secretariat).json()
    types = [e["type"] for e in history["items"]]
    assert types == [
        "Submitted",
        "MatchOffered",
        "MatchDeclined",
        "MatchOffered",
        "MatchOfferWithdrawn",
    ]


def test_the_rules_of_offers(world: World) -> None:
    ref = seeking_pledge(world)
    problem(offer(world, ref, world.owner, world.owner_id), 409, "own_pledge")
    individual = world.pledge(type="individual")
    problem(offer(world, individual, world.other, world.other_id), 409, "not_matchable")
    not_theirs = offer(world, ref, world.other, world.other_id, pledge_id=individual)
    assert problem(not_theirs, 422)["detail"].startswith("pledge_id")
    unknown = "6f1c0b7e-0000-4000-8000-000000000000"
    problem(answer(world, ref, unknown, "acceptance", world.owner), 404, "not_found")
    withdrawn = world.pledge(type="matching")
    world.api.call(
        "POST", f"/api/pledges/{withdrawn}/withdrawal", world.owner, json={"reason": "Ended"}
    )
    problem(offer(world, withdrawn, world.other, world.other_id), 409, "pledge_closed")
    seeking_elsewhere = world.api.call(
        "POST", "/api/pledges", world.owner,
        json={**read(world, individual), "seeking": SEEKING} | {"pledger_id": world.owner_id},
    )  # fmt: skip
    assert seeking_elsewhere.status_code == 422


def listed(world: World, **query: Any) -> list[str]:
    position = world.api.container.app.recorder.max_notification_id()
    params = {"min_position": position, **query}
    response = world.api.call("GET", "/api/matching", params=params)
    assert response.status_code == 200, response.text
    return [item["reference"] for item in response.json()["items"]]


def test_the_list_of_pledges_open_for_matching_filters(world: World) -> None:
    africa = world.pledge(
        type="matching", objectives=[8], region="africa", countries=["SEN"],
        seeking=[{"support": "material", "description": "Boats"}],
    )  # fmt: skip
    europe = seeking_pledge(world, objectives=[8, 15])
    plain = world.pledge(type="individual", objectives=[8])
    everything = listed(world, objective=8)
    assert africa in everything and europe in everything and plain not in everything
    assert africa in listed(world, objective=8, region="africa")
    assert europe not in listed(world, objective=8, region="africa")
    assert listed(world, objective=8, support="material").count(africa) == 1
    assert europe not in listed(world, objective=8, support="material")
    assert europe in listed(world, objective=8, support="technical")
    item = next(
        i
        for i in world.api.call("GET", "/api/matching", params={"objective": 15}).json()["items"]
        if i["reference"] == europe
    )
    assert [s["description"] for s in item["still_sought"]] == [s["description"] for s in SEEKING]
    problem(world.api.call("GET", "/api/matching", params={"objective": 24}), 422)
    problem(world.api.call("GET", "/api/matching", params={"support": "moral"}), 422)


def test_the_matching_page_and_the_public_page_show_only_what_was_accepted(world: World) -> None:
    ref = seeking_pledge(world, objectives=[20])
    made = offer(world, ref, world.other, world.other_id, description="Secret offer text")
    world.api.container.queries.wait_for(made.json()["position"], 5)
    page = world.api.call("GET", "/matching", params={"objective": 20, "support": "technical"})
    assert page.status_code == 200 and ref in page.text
    assert "Case-management software experts" in page.text  # still sought
    assert ref not in world.api.call("GET", "/matching", params={"region": "africa"}).text
    public = world.api.call("GET", f"/pledges/{ref}").text
    assert "Secret offer text" not in public and "Secret offer text" not in page.text
    assert world.api.call("GET", "/matching", params={"objective": "x"}).status_code == 400
    oid = made.json()["offer_id"]
    accepted = answer(world, ref, oid, "acceptance", world.owner)
    world.api.container.queries.wait_for(accepted.json()["position"], 5)
    shown = world.api.call("GET", f"/pledges/{ref}").text
    balances = shown[shown.index('id="balances"') :]
    assert "Secret offer text" in shown, balances[:1500]
    assert "EUR 100,000" in balances and "USD 20,000" in balances
