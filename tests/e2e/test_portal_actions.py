"""The pledger portal's other actions over HTTP: adding a partner to a partnership pledge, the
partner reporting on the joint pledge (each report says who filed it), declaring fulfilment,
matching a matching pledge after a refused attempt, and withdrawing with a reason."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.e2e.portal_helpers import Portal, csrf_of, portal_fixture, sign_in
from tests.e2e.test_portal import pledge_form

portal = portal_fixture("portal-actions")


def submitted(client: TestClient, **changes: object) -> tuple[str, str]:
    csrf = csrf_of(client.get("/my/pledges/new").text)
    done = client.post("/my/pledges", data=pledge_form(csrf, **changes))
    assert done.status_code == 303, done.text
    return done.headers["location"].split("/")[-1].split("?")[0], csrf


def report(client: TestClient, reference: str, csrf: str, percent: int, text: str) -> None:
    form = {
        "csrf": csrf,
        "as_of": "2026-10-01",
        "percent_complete": str(percent),
        "narrative": text,
    }
    answer = client.post(f"/my/pledges/{reference}/reports", data=form)
    assert answer.status_code == 303, answer.text


def test_a_partner_reports_on_the_joint_pledge_and_the_owner_fulfils_it(portal: Portal) -> None:
    portal.pledger("Evora municipality", "owner@evora.example.org")
    partner_id = portal.pledger("Beja refugee network", "partner@beja.example.org")
    with portal.client() as owner, portal.client() as partner:
        sign_in(portal, owner, "owner@evora.example.org")
        reference, csrf = submitted(owner, type="partnership")
        form = {"csrf": csrf, "partner": partner_id, "contribution": "Teachers"}
        invited = owner.post(f"/my/pledges/{reference}/partner-invitations", data=form)
        assert invited.status_code == 303
        report(owner, reference, csrf, 20, "Classes opened in Evora.")

        sign_in(portal, partner, "partner@beja.example.org")
        my = partner.get("/my").text  # the partner joins by accepting the invitation
        accept = re.findall(r'action="(/my/invitations/[^"]+/acceptance)"', my)[0]
        assert partner.post(accept, data={"csrf": csrf_of(my)}).status_code == 303
        assert reference in partner.get("/my").text  # a joint pledge is the partner's too
        report(partner, reference, csrf_of(partner.get("/my").text), 45, "Beja classes added.")
        page = owner.get(f"/my/pledges/{reference}").text
        assert "Beja refugee network (Teachers)" in page
        assert "45% · filed by <strong>Beja refugee network</strong>" in page
        assert "20% · filed by <strong>Evora municipality</strong>" in page

        not_owner = {"csrf": csrf_of(partner.get("/my").text), "fulfilled_on": "2026-11-01"}
        assert (
            partner.post(f"/my/pledges/{reference}/fulfilment", data=not_owner).status_code == 403
        )
        fulfil = {"csrf": csrf, "fulfilled_on": "2026-11-01", "narrative": "All classes held."}
        assert owner.post(f"/my/pledges/{reference}/fulfilment", data=fulfil).status_code == 303
    pledge = portal.container.app.get_pledge(reference)
    assert (pledge.status.value, str(pledge.partners[0].pledger_id)) == ("fulfilled", partner_id)


def test_an_offer_refused_by_the_form_then_sent_is_accepted_from_my_pledges(
    portal: Portal,
) -> None:
    portal.pledger("Sintra migrant centre", "seeker@sintra.example.org")
    portal.pledger("Cascais foundation", "donor@cascais.example.org")
    with portal.client() as seeker, portal.client() as donor:
        sign_in(portal, seeker, "seeker@sintra.example.org")
        bad_seek = {"seek_support_0": "financial", "seek_description_0": "Rent"}
        wrong = seeker.post(
            "/my/pledges",
            data=pledge_form(csrf_of(seeker.get("/my/pledges/new").text), type="individual")
            | bad_seek,
        )
        assert (
            wrong.status_code == 422
            and "only a matching pledge seeks support" in wrong.text.lower()
        )
        assert 'value="Rent"' in wrong.text  # what was typed, kept
        seek = {**bad_seek, "seek_amount_0": "12,000.50", "seek_currency_0": "EUR"}
        reference, csrf = submitted(seeker, type="matching", forms=["financial"], **seek)
        sought = portal.container.app.get_pledge(reference).content.seeking
        assert [(s.description, str(s.amount.amount)) for s in sought if s.amount] == [
            ("Rent", "12000.50")
        ]
        sign_in(portal, donor, "donor@cascais.example.org")
        form_page = donor.get(f"/my/match/{reference}")
        assert form_page.status_code == 200
        dcsrf = csrf_of(form_page.text)
        offer = {"csrf": dcsrf, "description": "Rent for a year", "amount": "5000"}
        refused = donor.post(f"/my/match/{reference}", data={**offer, "currency": "EUR"})
        assert (
            refused.status_code == 422 and "choose financial, technical or material" in refused.text
        )
        bad_money = {**offer, "support": "financial", "currency": "XXQ"}
        assert donor.post(f"/my/match/{reference}", data=bad_money).status_code == 422
        offered = donor.post(f"/my/match/{reference}", data={**bad_money, "currency": "EUR"})
        assert offered.status_code == 303, offered.text
        waiting = portal.container.app.get_pledge(reference)
        assert "Waiting for an answer" in donor.get("/my").text  # its own offers, in /my
        assert waiting.status.value == "submitted"  # the owner has not answered yet
        mine = seeker.get("/my")
        assert "Cascais foundation" in mine.text and "Rent for a year" in mine.text
        oid = waiting.match_offers[0].id
        accept = f"/my/offers/{reference}/{oid}/acceptance"
        assert donor.post(accept, data={"csrf": dcsrf}).status_code == 403  # not the owner
        assert seeker.post(accept, data={"csrf": csrf}).status_code == 303
        assert portal.container.app.get_pledge(reference).status.value == "matched"
        assert "Rent for a year" in donor.get("/my").text  # among the matches it made
        own_page = seeker.get(f"/my/pledges/{reference}").text
        assert "Could partner with" in own_page and "Could match" in own_page

        no_reason = {"csrf": csrf, "reason": ""}
        assert seeker.post(f"/my/pledges/{reference}/withdrawal", data=no_reason).status_code == 422
        reason = {"csrf": csrf, "reason": "The centre closed."}
        assert seeker.post(f"/my/pledges/{reference}/withdrawal", data=reason).status_code == 303
    pledge = portal.container.app.get_pledge(reference)
    assert pledge.status.value == "withdrawn" and len(pledge.matches) == 1
    assert pledge.matches[0].amount is not None and str(pledge.matches[0].amount.amount) == "5000"
