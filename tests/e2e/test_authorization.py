"""Who may do what: every role on every endpoint, and what a failed authentication says."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from fastapi.routing import APIRoute

from api.main import CORE_ROUTERS
from domain.taxonomy import Role
from infrastructure.registrations import RequestIn
from tests.e2e.conftest import World, problem
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres

ROLES = ("public", "owner", "other", "partner", "secretariat")
REPORT = {"as_of": "2026-10-01", "percent_complete": 40, "narrative": "Centre one opened."}
OLD = {"pledged_on": "2020-01-15", "deadline": "2021-06-30"}
Request = tuple[str, str, dict[str, Any] | None]


def token(world: World, role: str) -> str | None:
    return None if role == "public" else str(getattr(world, role))


def own_id(world: World, role: str) -> str:
    """The pledger a role acts as; the public and the Secretariat act for an unrelated one."""
    return (
        str(getattr(world, f"{role}_id"))
        if role in ("owner", "other", "partner")
        else (world.other_id)
    )


def lapsed(world: World) -> str:
    ref = world.pledge(**OLD)
    response = world.api.call(
        "POST", f"/api/pledges/{ref}/lapse", world.secretariat, json={"reason": "Silent."}
    )
    assert response.status_code == 200
    return ref


def waiting_request(world: World) -> str:
    """A registration request whose address is confirmed: in the Secretariat's queue."""
    store = world.api.container.registrations
    email = f"focal.{secrets.token_hex(4)}@example.org"
    asked = RequestIn("Town of Loulé", "civil_society", "PRT", "en", "Rui", email, "")
    request_id, token = store.submit(asked)
    assert store.confirm(token).outcome == "confirmed"
    return str(request_id)


def registration(path: str, body: dict[str, Any] | None) -> Callable[[World, str], Request]:
    def make(world: World, _role: str) -> Request:
        return "POST", f"/api/registration-requests/{waiting_request(world)}/{path}", body

    return make


def asking(_world: World, _role: str) -> Request:
    email = f"asks.{secrets.token_hex(4)}@example.org"
    organisation = {"name": "Town of Olhão", "category": "academia", "country": "PRT"}
    return "POST", "/api/registration-requests", {
        "organisation": organisation, "contact": {"name": "Eva", "email": email}
    }  # fmt: skip


def command(
    path: str, body: dict[str, Any], pledge: Callable[[World], str] = World.partnership
) -> Callable[[World, str], Request]:
    def make(world: World, _role: str) -> Request:
        return "POST", f"/api/pledges/{pledge(world)}/{path}", body

    return make


def invitation(path: str, body: dict[str, Any]) -> Callable[[World, str], Request]:
    """A fresh invitation of `other` to partner the owner's pledge, answered at `path`."""

    def make(world: World, _role: str) -> Request:
        ref = world.partnership()
        invited = world.api.call(
            "POST",
            f"/api/pledges/{ref}/partner-invitations",
            world.owner,
            json={"pledger_id": world.other_id, "contribution": "Venues"},
        )
        iid = invited.json()["invitation_id"]
        return "POST", f"/api/pledges/{ref}/partner-invitations/{iid}/{path}", body

    return make


def pending(world: World) -> str:
    """A pledge waiting for review. This session's app publishes on submission (REVIEW_PLEDGES
    off: tests/conftest.py); for this one submission it reviews, as by default."""
    app = world.api.container.app
    app.review_pledges = True
    try:
        return world.partnership()
    finally:
        app.review_pledges = False


def offer_answer(path: str, body: dict[str, Any]) -> Callable[[World, str], Request]:
    """An answer to a pending offer that `other` made to the owner's matching pledge."""

    def make(world: World, _role: str) -> Request:
        ref = world.pledge(type="matching")
        offer = {"pledger_id": world.other_id, "support": "material", "description": "Laptops"}
        made = world.api.call("POST", f"/api/pledges/{ref}/match-offers", world.other, json=offer)
        assert made.status_code == 201, made.text
        return "POST", f"/api/pledges/{ref}/match-offers/{made.json()['offer_id']}/{path}", body

    return make


# endpoint -> (how to make the request for a role, the status each role gets)
MATRIX: dict[tuple[str, str], tuple[Callable[[World, str], Request], dict[str, int]]] = {
    ("POST", "/api/pledgers"): (
        lambda _w, _r: ("POST", "/api/pledgers", {"name": "New", "category": "academia"}),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 201},
    ),
    ("POST", "/api/pledges"): (
        lambda w, _r: ("POST", "/api/pledges", wire_pledge(w.owner_id)),
        {"public": 401, "owner": 201, "other": 403, "partner": 403, "secretariat": 201},
    ),
    ("GET", "/api/pledges/{id}"): (
        lambda w, _r: ("GET", f"/api/pledges/{w.partnership()}", None),
        dict.fromkeys(ROLES, 200),
    ),
    ("GET", "/api/pledges/{id}/history"): (
        lambda w, _r: ("GET", f"/api/pledges/{w.partnership()}/history", None),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/matches"): (
        # Support agreed elsewhere, recorded by the Secretariat only: pledgers offer.
        lambda w, r: (
            "POST",
            f"/api/pledges/{w.pledge(type='matching')}/matches",
            {"pledger_id": own_id(w, r), "support": "technical", "description": "Advice"},
        ),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 201},
    ),
    ("GET", "/api/matching"): (
        lambda _w, _r: ("GET", "/api/matching", None),
        dict.fromkeys(ROLES, 200),
    ),
    ("GET", "/matching"): (
        lambda _w, _r: ("GET", "/matching", None),
        dict.fromkeys(ROLES, 200),
    ),
    ("GET", "/api/pledges/{id}/suggestions"): (
        # The pledge's own pledger and the Secretariat; to the public a 401.
        lambda w, _r: ("GET", f"/api/pledges/{w.pledge()}/suggestions", None),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/match-offers"): (
        # Each offers as itself; the owner may not offer to its own pledge (a rule); nobody,
        # the Secretariat included, offers on a pledger's behalf.
        lambda w, r: (
            "POST",
            f"/api/pledges/{w.pledge(type='matching')}/match-offers",
            {"pledger_id": own_id(w, r), "support": "technical", "description": "Advice"},
        ),
        {"public": 401, "owner": 409, "other": 201, "partner": 201, "secretariat": 403},
    ),
    ("POST", "/api/pledges/{id}/match-offers/{oid}/acceptance"): (
        offer_answer("acceptance", {}),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 403},
    ),
    ("POST", "/api/pledges/{id}/match-offers/{oid}/refusal"): (
        offer_answer("refusal", {"reason": "Covered already"}),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 403},
    ),
    ("POST", "/api/pledges/{id}/match-offers/{oid}/withdrawal"): (
        # Only the offering pledger (here: other) withdraws its offer.
        offer_answer("withdrawal", {}),
        {"public": 401, "owner": 403, "other": 200, "partner": 403, "secretariat": 403},
    ),
    ("POST", "/api/pledges/{id}/partners"): (
        lambda w, _r: (
            "POST",
            f"/api/pledges/{w.partnership()}/partners",
            {"pledger_id": w.other_id, "contribution": "Venues"},
        ),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 201},
    ),
    ("POST", "/api/pledges/{id}/partner-invitations"): (
        lambda w, _r: (
            "POST",
            f"/api/pledges/{w.partnership()}/partner-invitations",
            {"pledger_id": w.other_id, "contribution": "Venues"},
        ),
        {"public": 401, "owner": 201, "other": 403, "partner": 403, "secretariat": 201},
    ),
    # The invitation is to `other`: only its own token answers, never anyone on its behalf.
    ("POST", "/api/pledges/{id}/partner-invitations/{iid}/acceptance"): (
        invitation("acceptance", {}),
        {"public": 401, "owner": 403, "other": 200, "partner": 403, "secretariat": 403},
    ),
    ("POST", "/api/pledges/{id}/partner-invitations/{iid}/refusal"): (
        invitation("refusal", {"reason": "No staff."}),
        {"public": 401, "owner": 403, "other": 200, "partner": 403, "secretariat": 403},
    ),
    ("POST", "/api/pledges/{id}/partner-invitations/{iid}/withdrawal"): (
        invitation("withdrawal", {"reason": "Plans changed."}),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/partners/{pledger_id}/departure"): (
        lambda w, _r: (
            "POST",
            f"/api/pledges/{w.partnership()}/partners/{w.partner_id}/departure",
            {"reason": "Funding ended."},
        ),
        {"public": 401, "owner": 403, "other": 403, "partner": 200, "secretariat": 200},
    ),
    ("GET", "/api/pledger-search"): (
        lambda _w, _r: ("GET", "/api/pledger-search?q=City", None),
        {"public": 401, "owner": 200, "other": 200, "partner": 200, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/progress-reports"): (
        command("progress-reports", REPORT),
        {"public": 401, "owner": 201, "other": 403, "partner": 201, "secretariat": 201},
    ),
    ("POST", "/api/pledges/{id}/fulfilment"): (
        command("fulfilment", {"fulfilled_on": "2026-11-01", "narrative": "Done."}),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/withdrawal"): (
        command("withdrawal", {"reason": "Budget cut."}),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/deadline"): (
        command("deadline", {"deadline": "2030-01-01", "reason": "Delays."}),
        {"public": 401, "owner": 200, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/lapse"): (
        command("lapse", {"reason": "Silent."}, lambda w: w.pledge(**OLD)),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/reinstatement"): (
        command("reinstatement", {"deadline": "2030-01-01", "reason": "Back."}, lapsed),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/publication"): (
        command("publication", {}, pending),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/return"): (
        command("return", {"comments": "Add a baseline."}, pending),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/registration-requests"): (asking, dict.fromkeys(ROLES, 202)),
    ("GET", "/api/registration-requests"): (
        lambda _w, _r: ("GET", "/api/registration-requests", None),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/registration-requests/{request_id}/approval"): (
        registration("approval", None),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 201},
    ),
    ("POST", "/api/registration-requests/{request_id}/refusal"): (
        registration("refusal", {"reason": "Not an organisation."}),
        {"public": 401, "owner": 403, "other": 403, "partner": 403, "secretariat": 200},
    ),
    ("POST", "/api/pledges/{id}/amendments"): (
        command("amendments", {"changes": {"title": "Three one-stop centres"}, "reason": "More."}),
        {"public": 401, "owner": 201, "other": 403, "partner": 403, "secretariat": 201},
    ),
    ("GET", "/healthz"): (lambda _w, _r: ("GET", "/healthz", None), dict.fromkeys(ROLES, 200)),
    # Public files, the same for every role (no contact in any: test_export_package.py).
    ("GET", "/api/exports/datapackage.json"): (
        lambda _w, _r: ("GET", "/api/exports/datapackage.json", None),
        dict.fromkeys(ROLES, 200),
    ),
    ("GET", "/api/exports/{part}.csv"): (
        lambda w, _r: ("GET", f"/api/exports/partners.csv?pledger={w.owner_id}", None),
        dict.fromkeys(ROLES, 200),
    ),
    ("GET", "/readyz"): (lambda _w, _r: ("GET", "/readyz", None), dict.fromkeys(ROLES, 200)),
    ("GET", "/metrics"): (lambda _w, _r: ("GET", "/metrics", None), dict.fromkeys(ROLES, 200)),
    # Signed checkpoints of the hash chain: public by design, and nothing but hashes in them.
    ("GET", "/api/audit/checkpoints"): (
        lambda _w, _r: ("GET", "/api/audit/checkpoints", None),
        dict.fromkeys(ROLES, 200),
    ),
}


def test_the_matrix_covers_every_endpoint_of_the_core_routers() -> None:
    routes = {
        (method, route.path)
        for router in CORE_ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    assert routes == set(MATRIX) - PUBLIC_READS


PUBLIC_READS = {("GET", "/api/exports/datapackage.json"), ("GET", "/api/exports/{part}.csv")}


def test_the_report_documents_are_public_and_the_same_for_every_role(world: World) -> None:
    """Made or being made (202) for anyone, never a 401 or 403; a token changes nothing."""
    for kind in ("pdf", "docx"):
        path = f"/reports/consolidated.{kind}?pledger={world.owner_id}"
        for role in ROLES:
            response = world.api.call("GET", path, token(world, role))
            assert response.status_code in (200, 202), (role, response.text[:200])


@pytest.mark.parametrize("endpoint", list(MATRIX), ids=lambda e: f"{e[0]} {e[1]}")
def test_each_role_gets_exactly_what_it_may(world: World, endpoint: tuple[str, str]) -> None:
    make, expected = MATRIX[endpoint]
    got = {}
    for role in ROLES:
        method, path, body = make(world, role)
        response = world.api.call(method, path, token(world, role), json=body)
        got[role] = response.status_code
        if response.status_code >= 400:
            problem(response, response.status_code)
    assert got == expected
    allowed = {role for role, status in got.items() if status not in (401, 403)}
    assert allowed == {role for role, status in expected.items() if status not in (401, 403)}


def test_a_pledge_pending_review_is_read_by_its_pledger_partners_and_the_secretariat_only(
    world: World,
) -> None:
    ref = pending(world)
    got = {
        role: world.api.call("GET", f"/api/pledges/{ref}", token(world, role)).status_code
        for role in ROLES
    }
    assert got == {"public": 404, "owner": 200, "other": 404, "partner": 200, "secretariat": 200}
    listed = {
        role: world.api.call(
            "GET", "/api/pledges", token(world, role), params={"review": "pending"}
        ).status_code
        for role in ROLES
    }
    assert listed == {"public": 403, "owner": 403, "other": 403, "partner": 403, "secretariat": 200}


def test_unknown_revoked_and_malformed_tokens_are_the_same_401(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    api = world.api
    info, revoked = api.container.tokens.create(Role.PLEDGER, "old laptop", UUID(world.owner_id))
    assert api.container.tokens.revoke(info.id) and not api.container.tokens.revoke(info.id)
    attempts = {
        "unknown": {"Authorization": "Bearer gcmp_" + "A" * 43},
        "revoked": {"Authorization": f"Bearer {revoked}"},
        "not ours": {"Authorization": "Bearer abc"},
        "not bearer": {"Authorization": "Basic dXNlcjpwYXNz"},
        "empty": {"Authorization": "Bearer "},
    }
    details = set()
    with caplog.at_level(logging.WARNING, logger="api.auth"):
        for headers in attempts.values():
            response = api.client.get(f"/api/pledges/{world.pledge()}", headers=headers)
            details.add(problem(response, 401, "unauthorized")["detail"])
            assert response.headers["www-authenticate"] == "Bearer"
    assert len(details) == 1  # nothing tells which part was wrong
    failures = [r for r in caplog.records if "authentication failed" in r.getMessage()]
    assert len(failures) == len(attempts)
    logged = caplog.text + "".join(str(vars(r)) for r in caplog.records)
    assert revoked not in logged and "gcmp_AAAA" not in logged


def test_a_pledger_token_submits_only_for_its_own_pledger(world: World) -> None:
    mine = world.api.call("POST", "/api/pledges", world.other, json=wire_pledge(world.other_id))
    assert mine.status_code == 201
    theirs = world.api.call("POST", "/api/pledges", world.other, json=wire_pledge(world.owner_id))
    problem(theirs, 403, "not_allowed")


def test_a_pledger_offers_support_only_as_itself(world: World) -> None:
    ref = world.pledge(type="matching")
    body = {"pledger_id": world.partner_id, "support": "material", "description": "Laptops"}
    offered = world.api.call("POST", f"/api/pledges/{ref}/match-offers", world.other, json=body)
    problem(offered, 403, "not_allowed")


def test_commands_on_an_unknown_pledge_are_404_before_ownership(world: World) -> None:
    unknown = "GCM-2026-9998"
    for path, body in [
        ("fulfilment", {"fulfilled_on": "2026-11-01", "narrative": "x"}),
        ("progress-reports", REPORT),
        ("lapse", {"reason": "x"}),
    ]:
        response = world.api.call(
            "POST", f"/api/pledges/{unknown}/{path}", world.secretariat, json=body
        )
        problem(response, 404, "not_found")
    response = world.api.call(
        "POST", f"/api/pledges/{unknown}/withdrawal", world.other, json={"reason": "x"}
    )
    problem(response, 404)
