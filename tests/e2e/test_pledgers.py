"""Registering pledgers: public data goes to an event, contacts only to their own table."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.e2e.conftest import World, problem

pytestmark = pytest.mark.postgres

CONTACT = {"name": "Ana Silva", "email": "ana.silva@lisboa.example.org", "position": "Head"}


def test_a_registered_pledger_keeps_its_contacts_out_of_every_response(world: World) -> None:
    api = world.api
    body = {
        "name": "Lisbon",
        "category": "local_regional_government",
        "country": "PRT",
        "contacts": [CONTACT],
    }
    created = api.call("POST", "/api/pledgers", world.secretariat, json=body)
    assert created.status_code == 201
    pledger = created.json()
    assert set(pledger) == {"id", "name", "category", "country", "gcm_champion"}
    contacts = api.container.contacts.list(UUID(pledger["id"]))
    assert [c.email for c in contacts] == [CONTACT["email"]]
    ref = api.submit(world.secretariat, pledger["id"])["reference"]
    for path in (f"/api/pledges/{ref}", f"/api/pledges/{ref}/history"):
        text = api.call("GET", path, world.secretariat).text
        assert "Ana Silva" not in text and "lisboa.example.org" not in text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "club"}, "category"),
        ({"country": "Portugal"}, "country"),
        ({"country": "XXX"}, "country"),
        ({"category": "member_state", "country": None}, "country"),
        ({"gcm_champion": True}, "gcm_champion"),
        ({"gcm_champion": "yes"}, "gcm_champion"),
        ({"name": " "}, "name"),
        ({"contacts": [{**CONTACT, "email": "nobody"}]}, "contacts[0].email"),
        ({"contacts": [{"email": "a@b.org"}]}, "contacts[0].name"),
    ],
)
def test_invalid_pledgers_are_422_naming_the_field(
    world: World, changes: dict[str, object], field: str
) -> None:
    body = {"name": "Lisbon", "category": "civil_society", "country": "PRT", **changes}
    details = problem(world.api.call("POST", "/api/pledgers", world.secretariat, json=body), 422)
    assert field in [e["field"] for e in details["errors"]], details


def test_a_bad_contact_leaves_no_pledger_behind(world: World) -> None:
    api = world.api
    before = api.container.app.recorder.max_notification_id()
    body = {"name": "Lisbon", "category": "civil_society", "contacts": [{**CONTACT, "email": "x"}]}
    problem(api.call("POST", "/api/pledgers", world.secretariat, json=body), 422)
    assert api.container.app.recorder.max_notification_id() == before
