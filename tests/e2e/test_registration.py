"""Registering to pledge through /register, with a real SMTP server: the form's errors all at
once, the confirmation link (unknown, used, expired), and the same answer for everyone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.e2e.conftest import problem
from tests.e2e.portal_helpers import Portal, portal_fixture, text_of
from tests.e2e.registration_helpers import (
    confirm,
    confirm_tokens,
    form,
    mails_to,
    post_form,
    secretariat_token,
    unique_email,
)

portal = portal_fixture("registration", registrations_per_address=1000)


def queue(portal: Portal) -> list[dict[str, object]]:
    with portal.client() as api:
        headers = {"Authorization": f"Bearer {secretariat_token(portal)}"}
        response = api.get("/api/registration-requests", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_a_request_reaches_the_queue_once_its_address_is_confirmed(portal: Portal) -> None:
    typed = form(organisation="Ville de Genève", country="CHE", language="fr")
    with portal.client() as client:
        sent = post_form(client, typed)
        assert sent.status_code == 200 and "Check your inbox" in sent.text
        [token] = confirm_tokens(portal, typed["email"])
        [mail] = mails_to(portal, typed["email"])
        assert mail["Subject"] == "Confirmez votre demande d'inscription\u00a0: Ville de Genève"
        assert mail["Reply-To"] == portal.container.settings.secretariat_email
        assert "Bonjour Rita Costa," in text_of(mail) and "24 heures" in text_of(mail)
        assert typed["email"] not in str(queue(portal))  # not confirmed: not in the queue
        page = client.get(f"/register/confirm/{token}")
        assert 'id="confirm-registration"' in page.text  # a GET (a mail scanner) confirms none
        assert f'action="/register/confirm/{token}"' in page.text
        assert typed["email"] not in str(queue(portal))
        done = confirm(client, token)
        assert done.status_code == 200 and "Address confirmed" in done.text
        [item] = [i for i in queue(portal) if typed["email"] in str(i["contact"])]
        assert item["organisation"] == {
            "name": "Ville de Genève", "category": "local_regional_government", "country": "CHE"
        }  # fmt: skip
        assert (item["language"], item["waiting_days"], item["state"]) == ("fr", 0, "confirmed")
        again = confirm(client, token)
        assert again.status_code == 200 and "Already confirmed" in again.text


def test_a_form_with_several_errors_shows_each_beside_its_field_and_keeps_the_rest(
    portal: Portal,
) -> None:
    typed = form(organisation=" ", category="", country="XXX", email="rita at braga", language="de")
    with portal.client() as client:
        page = post_form(client, typed)
    assert page.status_code == 422
    for name in ("organisation", "category", "country", "email", "language"):
        assert f'id="error-{name}"' in page.text, name
    assert "Enter an email address such as name@example.org." in page.text
    assert "The request was not sent: 5 fields need attention (see beside each)." in page.text
    assert 'value="rita at braga"' in page.text and 'value="Rita Costa"' in page.text
    assert 'value="Head of international relations"' in page.text
    assert 'id="error-name"' not in page.text and 'id="error-position"' not in page.text
    assert mails_to(portal, "rita at braga") == []


def test_unknown_badly_shaped_and_expired_links_say_so(portal: Portal) -> None:
    typed = form(organisation="Town of Faro")
    with portal.client() as client:
        assert post_form(client, typed).status_code == 200
        [token] = confirm_tokens(portal, typed["email"])
        unknown = confirm(client, "A" * 43)
        assert unknown.status_code == 404 and "This link is not valid" in unknown.text
        shaped = client.get("/register/confirm/..%5Cconsole")
        assert shaped.status_code == 404 and "confirm-registration" not in shaped.text
        with portal.container.database.pool().connection() as conn:
            past = datetime.now(UTC) - timedelta(minutes=1)
            conn.execute(
                "UPDATE registration_requests SET confirm_expires_at = %s WHERE email = %s",
                (past, typed["email"]),
            )
        expired = confirm(client, token)
        assert expired.status_code == 410 and "This link has expired" in expired.text
    assert typed["email"] not in str(queue(portal))


def test_the_answer_is_the_same_for_known_and_unknown_organisations_and_addresses(
    portal: Portal,
) -> None:
    known = "ana.known@example.org"
    portal.pledger("City of Porto", known)
    with portal.client() as client:
        first = post_form(client, form(organisation="City of Porto", email=known))
        second = post_form(client, form(organisation="Town of Nowhere", email="new@example.org"))
    assert first.status_code == second.status_code == 200

    def shown(page: str, email: str) -> str:
        main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        return re.sub(r'name="csrf" value="[^"]+"', "", main.replace(email, "EMAIL"))

    assert shown(first.text, known) == shown(second.text, "new@example.org")
    body = {"contact": {"name": "Ana", "email": known}, "language": "es"}
    with portal.client() as api:
        answers = [
            api.post("/api/registration-requests", json={**body, "organisation": org})
            for org in (
                {"name": "City of Porto", "category": "civil_society", "country": "PRT"},
                {"name": "Unheard of", "category": "academia", "country": "BRA"},
            )
        ]
    assert [a.status_code for a in answers] == [202, 202]
    assert [set(a.json()) for a in answers] == [{"id"}, {"id"}]


def test_the_api_names_every_wrong_field(portal: Portal) -> None:
    body = {
        "organisation": {"name": "", "category": "club", "country": "prt"},
        "contact": {"name": "Ana", "email": "nope"},
        "language": "de",
    }
    with portal.client() as api:
        body_problem = problem(api.post("/api/registration-requests", json=body), 422)
    fields = {e["field"] for e in body_problem["errors"]}
    assert fields >= {
        "organisation.name", "organisation.category", "organisation.country",
        "contact.email", "language",
    }  # fmt: skip


def test_a_personal_detail_never_reaches_the_dashboard(portal: Portal) -> None:
    email = unique_email("private")
    with portal.client() as client:
        assert post_form(client, form(email=email, name="Zélie Privée")).status_code == 200
        for path in ("/", "/register", "/api/pledges"):
            assert "Zélie" not in client.get(path).text
