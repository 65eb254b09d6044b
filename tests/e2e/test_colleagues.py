"""A signed-in contact adds a colleague as another contact of its pledger: the colleague is
mailed a sign-in link (in their language) and signs in as that pledger."""

from __future__ import annotations

from uuid import UUID

from tests.e2e.portal_helpers import Portal, csrf_of, portal_fixture, sign_in, text_of
from tests.e2e.registration_helpers import mails_to

portal = portal_fixture("colleagues")


def test_a_contact_adds_a_colleague_who_signs_in_as_the_same_pledger(portal: Portal) -> None:
    pid = portal.pledger("City of Aveiro", "ines@aveiro.example.org")
    with portal.client() as client:
        sign_in(portal, client, "ines@aveiro.example.org")
        page = client.get("/my/contacts")
        assert page.status_code == 200 and "Contacts of City of Aveiro" in page.text
        added = client.post(
            "/my/contacts",
            data={
                "csrf": csrf_of(page.text),
                "name": "Joana Reis",
                "email": "joana@aveiro.example.org",
                "position": "Migration officer",
                "language": "fr",
            },
        )
        assert added.status_code == 303 and added.headers["location"].endswith("done=colleague")
        assert "Joana Reis" in client.get(added.headers["location"]).text
        again = {"name": "J. Reis", "email": "JOANA@aveiro.example.org", "language": "en"}
        twice = client.post("/my/contacts", data={"csrf": csrf_of(page.text), **again})
        assert twice.status_code == 422 and "Already a contact of City of Aveiro" in twice.text
    contacts = portal.container.contacts.list(UUID(pid))
    assert [(c.email, c.language) for c in contacts][-1] == ("joana@aveiro.example.org", "fr")
    [mail] = mails_to(portal, "joana@aveiro.example.org")
    assert mail["Subject"] == "Vous êtes un contact de City of Aveiro"
    assert "Ana vous a ajouté comme contact de City of Aveiro" in text_of(mail)
    token = portal.wait_for_links("joana@aveiro.example.org", 1)[-1]
    with portal.client() as colleague:
        confirm = colleague.get(f"/sign-in/{token}")
        used = colleague.post(f"/sign-in/{token}", data={"csrf": csrf_of(confirm.text)})
        assert used.headers["location"] == "/my"
        assert "Pledges of City of Aveiro" in colleague.get("/my").text


def test_a_colleague_with_errors_shows_each_and_keeps_what_was_typed(portal: Portal) -> None:
    pid = portal.pledger("City of Viseu", "rui@viseu.example.org")
    with portal.client() as client:
        sign_in(portal, client, "rui@viseu.example.org")
        csrf = csrf_of(client.get("/my/contacts").text)
        typed = {"name": "", "email": "not an address", "position": "Analyst", "language": "de"}
        page = client.post("/my/contacts", data={"csrf": csrf, **typed})
    assert page.status_code == 422
    for name in ("name", "email", "language"):
        assert f'id="error-{name}"' in page.text, name
    assert 'value="not an address"' in page.text and 'value="Analyst"' in page.text
    assert len(portal.container.contacts.list(UUID(pid))) == 1


def test_only_a_signed_in_pledger_adds_colleagues(portal: Portal) -> None:
    with portal.client() as client:
        assert client.get("/my/contacts").headers["location"] == "/sign-in?next=/my/contacts"
        csrf = csrf_of(client.get("/sign-in").text)
        refused = client.post("/my/contacts", data={"csrf": csrf, "name": "X", "email": "x@y.org"})
        assert refused.status_code == 403
