"""Partners by consent, tried as cities would: an invited partner is public only once its own
contact accepts; it refuses, the owner withdraws, a partner leaves with a reason; an
organisation not yet registered is invited by email, registers and accepts. Each side is
mailed what happened, what to do next and where."""

from __future__ import annotations

import re

from tests.e2e.conftest import problem
from tests.e2e.partner_helpers import (
    answer,
    body_of,
    call,
    city,
    invite,
    joint_pledge,
    mail_to,
    public_texts,
)
from tests.e2e.portal_helpers import Portal, csrf_of, portal_fixture, sign_in
from tests.e2e.registration_helpers import confirm, confirm_tokens, secretariat_token
from tests.factories import wire_pledge
from tests.integration.recompute import wait_caught_up

portal = portal_fixture("partners", registrations_per_address=1000)
INVITE_LINK = re.compile(r"https://testserver/register\?invitation=([A-Za-z0-9_\-]+)")


def test_an_invited_partner_is_public_only_once_it_accepts(portal: Portal) -> None:
    a, b = city(portal, "City of Almada"), city(portal, "Town of Barreiro")
    ref = joint_pledge(portal, a, "Language courses for newcomers in Almada")
    iid = invite(portal, ref, a, pledger_id=b.id)

    invited = mail_to(portal, b.email, "invites Town of Barreiro")
    text = body_of(invited)
    assert "City of Almada invites Town of Barreiro to partner its pledge" in text
    assert "Teachers for the courses" in text and "accept or refuse" in text
    assert "https://testserver/my#invitations" in text
    for what, seen in public_texts(portal, ref).items():
        assert "Town of Barreiro" not in seen, f"{what} named a partner that has not accepted"
        assert b.id not in seen, f"{what} gave the id of a partner that has not accepted"
    owner_view = call(portal, "GET", f"/api/pledges/{ref}", a.token).json()
    assert [i["state"] for i in owner_view["partner_invitations"]] == ["pending"]
    assert call(portal, "GET", f"/api/pledges/{ref}", None).json()["partner_invitations"] is None
    report = {"as_of": "2026-10-01", "percent_complete": 10, "narrative": "Started."}
    early = call(portal, "POST", f"/api/pledges/{ref}/progress-reports", b.token, json=report)
    problem(early, 403, "not_allowed")  # no report before it joins
    assert call(portal, "GET", f"/api/pledges?pledger={b.id}", None).json()["total"] == 0

    accepted = answer(portal, ref, iid, "acceptance", b)
    assert accepted.status_code == 200 and accepted.json()["status"] == "partnered"
    told = body_of(mail_to(portal, a.email, "Town of Barreiro accepted"))
    assert f"https://testserver/my/pledges/{ref}" in told and "public page" in told
    seen = public_texts(portal, ref)
    assert "Town of Barreiro" in seen["page"]  # the report and exports name no partner
    figures = call(portal, "GET", "/api/dashboard", None).json()["partnerships"]
    assert b.id in [p["pledger_id"] for p in figures["top"]] and figures["joint"] >= 1
    board = seen["dashboard page"]
    assert "Who pledges with whom" in board and "Town of Barreiro" in board
    assert f"/?pledger={b.id}#pledges" in board
    theirs = call(portal, "GET", f"/?pledger={b.id}", None).text
    assert "Language courses for newcomers in Almada" in theirs
    assert b.id in seen["pledge"]
    partnered = call(portal, "GET", f"/api/pledges?pledger={b.id}", None).json()
    assert [i["reference"] for i in partnered["items"]] == [ref]
    assert call(portal, "POST", f"/api/pledges/{ref}/progress-reports", b.token,
                json=report).status_code == 201  # fmt: skip
    problem(answer(portal, ref, iid, "acceptance", b), 409, "invitation")


def test_a_refusal_a_withdrawal_and_a_departure_each_tell_the_other_side(portal: Portal) -> None:
    a, b, c = (city(portal, n) for n in ("City of Amadora", "City of Braga", "City of Coimbra"))
    ref = joint_pledge(portal, a, "Shelters for migrants in transit")
    refused = invite(portal, ref, a, pledger_id=b.id)
    assert answer(portal, ref, refused, "refusal", b, reason="No budget").status_code == 200
    told = body_of(mail_to(portal, a.email, "City of Braga declined"))
    assert "“No budget”" in told and "invite another partner" in told

    withdrawn = invite(portal, ref, a, pledger_id=c.id)
    path = f"/api/pledges/{ref}/partner-invitations/{withdrawn}/withdrawal"
    assert call(portal, "POST", path, a.token, json={"reason": "Plans changed"}).status_code == 200
    told = body_of(mail_to(portal, c.email, "Invitation withdrawn"))
    assert "City of Amadora withdrew its invitation" in told and "nothing for you to do" in told
    problem(answer(portal, ref, withdrawn, "acceptance", c), 409, "invitation")

    again = invite(portal, ref, a, pledger_id=b.id)  # asked again, it accepts, then leaves
    assert answer(portal, ref, again, "acceptance", b).status_code == 200
    leave = f"/api/pledges/{ref}/partners/{b.id}/departure"
    problem(call(portal, "POST", leave, a.token, json={"reason": "x"}), 403, "not_allowed")
    left = call(portal, "POST", leave, b.token, json={"reason": "Funding ended"})
    assert left.status_code == 200 and left.json()["status"] == "submitted"
    assert "“Funding ended”" in body_of(mail_to(portal, a.email, "City of Braga left"))
    states = call(portal, "GET", f"/api/pledges/{ref}", a.token).json()["partner_invitations"]
    assert [(i["state"], i["reason"]) for i in states] == [
        ("declined", "No budget"), ("withdrawn", "Plans changed"), ("joined", "")
    ]  # fmt: skip
    history = call(portal, "GET", f"/api/pledges/{ref}/history", secretariat_token(portal))
    types = [e["type"] for e in history.json()["items"]]
    assert types[1:] == ["PartnerInvited", "PartnerDeclined", "PartnerInvited",
                         "PartnerInvitationWithdrawn", "PartnerInvited", "PartnerJoined",
                         "PartnerLeft"]  # fmt: skip
    assert all("@" not in str(e["data"]) for e in history.json()["items"])
    assert "City of Braga no longer partners the pledge" in public_texts(portal, ref)["page"]


def test_an_organisation_invited_by_email_registers_and_then_accepts(portal: Portal) -> None:
    a = city(portal, "City of Lagos")
    ref = joint_pledge(portal, a, "Welcome desks along the coast")
    email = "focal@cidade-de-sines.example.org"
    iid = invite(portal, ref, a, organisation="Cidade de Sines", email=email)
    stored = call(portal, "GET", f"/api/pledges/{ref}/history", secretariat_token(portal))
    assert email not in stored.text and "Cidade de Sines" in stored.text

    text = body_of(mail_to(portal, email, "invites Cidade de Sines"))
    assert "is not registered in the GCM Pledge Tracker yet: first register it" in text
    token = INVITE_LINK.findall(text)[0]
    with portal.client() as browser:
        form = browser.get(f"/register?invitation={token}").text
        assert 'value="Cidade de Sines"' in form and f'value="{email}"' in form
        assert "You were invited to partner a pledge" in form
        typed = {"organisation": "Cidade de Sines", "category": "local_regional_government",
                 "country": "PRT", "name": "Sara Lopes", "email": email, "position": "Mayor",
                 "language": "en", "csrf": csrf_of(form)}  # fmt: skip
        assert browser.post("/register", data=typed).status_code == 200
        assert confirm(browser, confirm_tokens(portal, email)[0]).status_code == 200
    waiting = [r for r in portal.container.registrations.listed("confirmed") if r.email == email]
    approval = f"/api/registration-requests/{waiting[0].id}/approval"
    sines = call(portal, "POST", approval, secretariat_token(portal)).json()["pledger_id"]
    for what, seen in public_texts(portal, ref).items():
        assert "Cidade de Sines" not in seen, f"{what} named Sines before it accepted"

    with portal.client() as sines_browser:
        sign_in(portal, sines_browser, email)
        my = sines_browser.get("/my").text
        assert "Invitations to partner" in my and "Welcome desks along the coast" in my
        pledge_id = call(portal, "GET", f"/api/pledges/{ref}", None).json()["id"]
        accepted = sines_browser.post(
            f"/my/invitations/{pledge_id}/{iid}/acceptance", data={"csrf": csrf_of(my)}
        )
        assert accepted.status_code == 303
        assert "now partners the pledge" in sines_browser.get(accepted.headers["location"]).text
    wait_caught_up(portal.container)
    public = call(portal, "GET", f"/api/pledges/{ref}", None).json()
    assert [p["pledger_id"] for p in public["partners"]] == [sines]
    assert "Cidade de Sines" in public_texts(portal, ref)["page"]


def test_the_owner_finds_a_partner_by_name_in_the_portal_and_it_answers_there(
    portal: Portal,
) -> None:
    a, b = city(portal, "City of Faro"), city(portal, "Municipality of Tavira")
    ref = joint_pledge(portal, a, "Legal advice in the Algarve")
    with portal.client() as owner, portal.client() as partner:
        sign_in(portal, owner, a.email)
        found = owner.get(f"/my/pledges/{ref}?find=tavira").text
        assert "Municipality of Tavira" in found
        data = {"csrf": csrf_of(found), "partner": b.id, "contribution": "Two lawyers"}
        sent = owner.post(f"/my/pledges/{ref}/partner-invitations", data=data)
        assert sent.status_code == 303
        page = owner.get(sent.headers["location"]).text
        assert "Invitation sent" in page and "Invited, no answer yet" in page
        empty = owner.post(f"/my/pledges/{ref}/partner-invitations",
                           data={"csrf": csrf_of(page), "contribution": "x"})  # fmt: skip
        assert empty.status_code == 422 and "contribution" in empty.text

        sign_in(portal, partner, b.email)
        my = partner.get("/my").text
        assert "Legal advice in the Algarve" in my and "Two lawyers" in my
        action = re.findall(r'action="(/my/invitations/[^"]+/refusal)"', my)[0]
        refused = partner.post(action, data={"csrf": csrf_of(my), "reason": "Not this year"})
        assert refused.status_code == 303
        assert "Legal advice in the Algarve" not in partner.get("/my").text
        page = owner.get(f"/my/pledges/{ref}").text
        assert "Declined: “Not this year”" in page


def test_partners_named_at_submission_are_invited_once_it_is_submitted(portal: Portal) -> None:
    a, b = city(portal, "City of Setubal"), city(portal, "City of Evora")
    named = [
        {"pledger_id": b.id, "contribution": "Interpreters"},
        {"organisation": "Port of Sines", "email": "port@sines.example.org",
         "contribution": "Premises"},
    ]  # fmt: skip
    body = wire_pledge(a.id, title="Harbour welcome points", type="partnership", partners=named)
    made = call(portal, "POST", "/api/pledges", a.token, json=body)
    assert made.status_code == 201, made.text
    ref = made.json()["reference"]
    mine = call(portal, "GET", f"/api/pledges/{ref}", a.token).json()["partner_invitations"]
    assert [(i["organisation"], i["state"]) for i in mine] == [
        ("City of Evora", "pending"), ("Port of Sines", "pending")
    ]  # fmt: skip
    assert "Interpreters" in body_of(mail_to(portal, b.email, "invites City of Evora"))
    assert "register" in body_of(mail_to(portal, "port@sines.example.org", "Port of Sines"))
    assert call(portal, "GET", f"/api/pledges/{ref}", None).json()["partners"] == []

    own = wire_pledge(a.id, type="partnership", partners=[{**named[0], "pledger_id": a.id}])
    problem(call(portal, "POST", "/api/pledges", a.token, json=own), 422, "invalid_input")
    alone = wire_pledge(a.id, type="individual", partners=named[:1])
    problem(call(portal, "POST", "/api/pledges", a.token, json=alone), 409, "not_partnerable")
