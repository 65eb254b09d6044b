"""The Secretariat's registration queue: possible duplicates, approving (the pledger, its
contact and a sign-in link that lands on /my), refusing with a reason; what is kept after."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tests.e2e.conftest import problem
from tests.e2e.portal_helpers import (
    STAFF_EMAIL,
    Portal,
    csrf_of,
    portal_fixture,
    sign_in,
    text_of,
)
from tests.e2e.registration_helpers import (
    confirm,
    confirm_tokens,
    mails_to,
    registered,
    secretariat_token,
)
from tests.integration.recompute import wait_caught_up

portal = portal_fixture("registration-decisions", registrations_per_address=1000)


def api_call(portal: Portal, method: str, path: str, **kw: Any) -> Any:
    with portal.client() as api:
        headers = {"Authorization": f"Bearer {secretariat_token(portal)}"}
        return api.request(method, path, headers=headers, **kw)


def stored(portal: Portal, request_id: str) -> tuple[object, ...]:
    with portal.container.database.pool().connection() as conn:
        row = conn.execute(
            "SELECT state, contact_name, email, position, confirm_hash, organisation, reason,"
            " decided_by FROM registration_requests WHERE id = %s",
            (request_id,),
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_possible_duplicates_are_similar_names_in_the_same_country(portal: Portal) -> None:
    portal.pledger("Municipality of Coimbra", "someone@coimbra.example.org")
    wait_caught_up(portal.container)  # the pledgers' names are a read model's
    with portal.client() as client:
        _e1, council = registered(portal, client, organisation="Coimbra Municipality Council")
        _e2, twin = registered(portal, client, organisation="Municipality of Coimbra")
        _e3, abroad = registered(
            portal, client, organisation="Municipality of Coimbra", country="BRA"
        )
    items = {
        i["id"]: i for i in api_call(portal, "GET", "/api/registration-requests").json()["items"]
    }
    flags = {
        rid: {(d["kind"], d["name"]) for d in items[rid]["possible_duplicates"]}
        for rid in (council, twin, abroad)
    }
    assert flags[twin] == {
        ("pledger", "Municipality of Coimbra"),
        ("request", "Coimbra Municipality Council"),
    }
    assert flags[council] == {
        ("pledger", "Municipality of Coimbra"),
        ("request", "Municipality of Coimbra"),
    }
    assert flags[abroad] == set()  # the same name, but in Brazil
    exact = [d for d in items[twin]["possible_duplicates"] if d["kind"] == "pledger"]
    assert exact[0]["score"] == 1.0
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        page = staff.get("/console/registrations")
    assert page.status_code == 200
    row = page.text.split(f'id="request-{twin}"', 1)[1].split("</tr>", 1)[0]
    assert "Pledger <a" in row and "Municipality of Coimbra</a>" in row and "100% alike" in row
    assert "since today" in row


def test_approving_creates_the_pledger_and_contact_and_mails_a_link_to_my(portal: Portal) -> None:
    with portal.client() as client:
        email, rid = registered(portal, client, organisation="Câmara de Évora", language="es")
    token = confirm_tokens(portal, email)[0]
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        page = staff.get("/console/registrations")
        done = staff.post(
            f"/console/registrations/{rid}/approve", data={"csrf": csrf_of(page.text)}
        )
        assert done.status_code == 303 and "done=approved" in done.headers["location"]
        again = staff.post(
            f"/console/registrations/{rid}/approve", data={"csrf": csrf_of(page.text)}
        )
        assert again.status_code == 409 and "approved already" in again.text
    pledger_id = UUID(done.headers["location"].split("pledger=")[1])
    pledger = portal.container.app.get_pledger(pledger_id)
    assert (pledger.name, pledger.category.value, pledger.country) == (
        "Câmara de Évora", "local_regional_government", "PRT",
    )  # fmt: skip
    [contact] = portal.container.contacts.list(pledger_id)
    assert (contact.name, contact.email, contact.language) == ("Rita Costa", email, "es")
    assert stored(portal, rid)[:5] == ("approved", None, None, None, None)
    with portal.container.database.pool().connection() as conn:
        events = conn.execute("SELECT state::text FROM pledges_events").fetchall()
    assert email not in str(events) and "Rita Costa" not in str(events)
    links = portal.wait_for_links(email, 1)
    approved = [m for m in mails_to(portal, email) if "ya puede" in m["Subject"]]
    assert "Estimado/a Rita Costa:" in text_of(approved[0]) and "Submit a pledge" in text_of(
        approved[0]
    )
    with portal.client() as person:  # the confirmation link clicked again, once approved
        reclicked = confirm(person, token)
        assert "If you confirmed your address already, the Secretariat has decided" in (
            reclicked.text
        )
        page = person.get(f"/sign-in/{links[-1]}")
        landed = person.post(f"/sign-in/{links[-1]}", data={"csrf": csrf_of(page.text)})
        assert landed.headers["location"] == "/my"
        assert "Câmara de Évora" in person.get("/my").text


def test_refusing_needs_a_reason_which_is_mailed_and_kept(portal: Portal) -> None:
    with portal.client() as client:
        email, rid = registered(portal, client, organisation="Not an organisation")
    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        csrf = csrf_of(staff.get("/console/registrations").text)
        empty = staff.post(
            f"/console/registrations/{rid}/refuse", data={"csrf": csrf, "reason": "  "}
        )
        assert empty.status_code == 422 and f'id="reason-error-{rid}"' in empty.text
        assert stored(portal, rid)[0] == "confirmed"
        reason = "Individuals cannot pledge: an organisation must register."
        done = staff.post(
            f"/console/registrations/{rid}/refuse", data={"csrf": csrf, "reason": reason}
        )
        assert done.status_code == 303
    state, name, mail, position, token_hash, organisation, kept, by = stored(portal, rid)
    assert (state, name, mail, position, token_hash) == ("refused", None, None, None, None)
    assert (organisation, kept) == ("Not an organisation", reason) and by.startswith("staff:")
    refusal = [
        m for m in mails_to(portal, email) if m["Subject"].startswith("Your request to pledge")
    ]
    assert reason in text_of(refusal[0]) and "/register" in text_of(refusal[0])


def test_the_api_approves_and_refuses_once_and_knows_no_unknown_request(portal: Portal) -> None:
    with portal.client() as client:
        _e1, first = registered(portal, client, organisation="Porto Refugee Council")
        _e2, second = registered(portal, client, organisation="Faro Youth Forum", category="youth")
    base = "/api/registration-requests"
    approved = api_call(portal, "POST", f"{base}/{first}/approval")
    assert approved.status_code == 201 and set(approved.json()) == {"pledger_id"}
    problem(api_call(portal, "POST", f"{base}/{first}/approval"), 409, "already_decided")
    problem(api_call(portal, "POST", f"{base}/{first}/refusal", json={"reason": "x"}), 409)
    unknown = "00000000-0000-4000-8000-000000000000"
    problem(api_call(portal, "POST", f"{base}/{unknown}/approval"), 404, "not_found")
    problem(api_call(portal, "POST", f"{base}/{second}/refusal", json={"reason": " "}), 422)
    refused = api_call(portal, "POST", f"{base}/{second}/refusal", json={"reason": "Duplicate."})
    assert refused.status_code == 200
    decided = api_call(portal, "GET", f"{base}?state=refused").json()["items"]
    mine = [d for d in decided if d["id"] == second]
    assert mine[0]["contact"] is None and mine[0]["reason"] == "Duplicate."


def test_only_the_secretariat_sees_and_decides_the_queue(portal: Portal) -> None:
    portal.pledger("Town of Lagos", "lagos@example.org")
    with portal.client() as client:
        _email, rid = registered(portal, client, organisation="Lagos Youth Network")
        assert client.get("/console/registrations").headers["location"] == (
            "/sign-in?next=/console/registrations"
        )
        sign_in(portal, client, "lagos@example.org")
        page = client.get("/console/registrations")
        assert page.status_code == 403 and "Lagos Youth Network" not in page.text
        assert 'id="nav-sign-out"' in page.text and 'id="nav-sign-in"' not in page.text
        csrf = csrf_of(client.get("/my").text)
        refused = client.post(f"/console/registrations/{rid}/approve", data={"csrf": csrf})
        assert refused.status_code == 403
    assert stored(portal, rid)[0] == "confirmed"
