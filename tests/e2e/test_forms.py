"""Forms that help, over HTTP: numbers as people write them, every fault at once beside its
input in plain words with everything typed kept, the percent suggested from the targets, the
explanation a fulfilment with targets not met needs (and the public page shows), and the
Secretariat's reinstatement form."""

from __future__ import annotations

import re
from decimal import Decimal

from fastapi.testclient import TestClient

from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.e2e.test_portal import pledge_form

portal = portal_fixture("forms")
JARGON = ("Value error", "Input should", "String should", "is not a date (YYYY-MM-DD)")
NARRATIVE = "Courses ran in Braga and Guimarães;\nthe waiting list is long."


def field_error(html: str, form: str, name: str) -> str:
    found = re.search(rf'id="error-{form}-{name}">([^<]*)<', html)
    assert found, f"no error beside {name}"
    return found.group(1)


def pledger_with_pledge(portal: Portal, client: TestClient, who: str, **form: object) -> str:
    email = f"{who}@forms.example.org"
    portal.pledger(who.capitalize(), email)
    sign_in(portal, client, email)
    csrf = csrf_of(client.get("/my/pledges/new").text)
    done = client.post("/my/pledges", data=pledge_form(csrf, **form))
    assert done.status_code == 303, done.text
    return str(done.headers["location"].split("/")[-1].split("?")[0])


def report(client: TestClient, reference: str, **fields: str) -> tuple[int, str]:
    csrf = csrf_of(client.get(f"/my/pledges/{reference}").text)
    sent = client.post(f"/my/pledges/{reference}/reports", data={"csrf": csrf, **fields})
    return sent.status_code, sent.text


def test_numbers_are_read_as_written_in_the_form_s_language(portal: Portal) -> None:
    with portal.client() as client:
        reference = pledger_with_pledge(portal, client, "braga")
        status, _ = report(
            client,
            reference,
            as_of="2026-03-01",
            percent_complete="30",
            indicator_0="1,200",
            narrative="First courses ran.",
        )
        assert status == 303
        assert portal.container.app.get_pledge(reference).latest_values == {
            "people taught": Decimal(1200)
        }
        status, _ = report(
            client,
            reference,
            lang="fr",
            as_of="2026-03-02",
            percent_complete="31",
            indicator_0="1\u202f200,5",
            narrative="Deuxième session.",
        )
        assert status == 303
        latest = portal.container.app.get_pledge(reference).latest_values["people taught"]
        assert latest == Decimal("1200.5")
        french = client.get(f"/my/pledges/{reference}", headers={"Accept-Language": "fr-FR,fr"})
        assert 'name="lang" value="fr"' in french.text and "1 200,5" in french.text


def test_a_report_with_three_faults_shows_all_three_and_keeps_everything(portal: Portal) -> None:
    with portal.client() as client:
        reference = pledger_with_pledge(portal, client, "guimaraes")
        typed = {
            "as_of": "2026-13-45",
            "percent_complete": "140",
            "indicator_0": "12abc",
            "narrative": NARRATIVE,
        }
        status, html = report(client, reference, **typed)
        assert status == 422
        assert "The report was not filed: 3 fields need attention" in html
        assert field_error(html, "report", "as_of") == "Must be a date (YYYY-MM-DD)"
        assert field_error(html, "report", "percent_complete") == "Must be at most 100"
        assert field_error(html, "report", "indicator_0").startswith(
            "“12abc” is not a number as written in English: write it like 1,200 or 1200.5"
        )
        for value in ("2026-13-45", "140", "12abc"):
            assert f'value="{value}"' in html
        assert "Courses ran in Braga and Guimarães;\nthe waiting list is long.</textarea>" in html
        assert not [words for words in JARGON if words in html]
        empty = report(client, reference, as_of="", percent_complete="", narrative="")[1]
        assert field_error(empty, "report", "as_of").startswith("Give the date this report")
        assert field_error(empty, "report", "narrative") == "Say what was done"
    assert portal.container.app.get_pledge(reference).version == 1


def test_fulfilment_below_target_asks_why_and_the_public_page_says_it(portal: Portal) -> None:
    with portal.client() as client:
        reference = pledger_with_pledge(portal, client, "porto")
        status, _ = report(
            client,
            reference,
            as_of="2026-03-01",
            percent_complete="75",
            indicator_0="300",
            narrative="Three hundred taught.",
        )
        page = client.get(f"/my/pledges/{reference}").text
        assert status == 303 and 'id="explanation"' in page and "people taught 300 of 400" in page
        # The next report's percent is suggested from 300 of 400 people taught.
        assert 'name="percent_complete" value="75"' in page.replace('inputmode="numeric" ', "")
        csrf = csrf_of(page)
        fulfil = {"csrf": csrf, "fulfilled_on": "2026-04-01", "narrative": "Courses done."}
        refused = client.post(f"/my/pledges/{reference}/fulfilment", data=fulfil)
        assert refused.status_code == 422 and "Courses done.</textarea>" in refused.text
        assert field_error(refused.text, "fulfilled", "explanation").startswith(
            "Some targets are not met: explain why"
        )
        why = "Teachers left mid-year; the 300 who finished passed."
        fulfil["explanation"] = why
        done = client.post(f"/my/pledges/{reference}/fulfilment", data=fulfil)
        assert done.status_code == 303, done.text
        public = client.get(f"/pledges/{reference}").text
        assert f"Declared fulfilled at 75%</strong> on 2026-04-01: {why}" in public
        short = "Targets not met by the latest reported values: people taught 300 of 400 people"
        assert short in public


def test_reinstating_without_a_date_says_so_in_plain_words(portal: Portal) -> None:
    old = {"pledged_on": "2020-01-15", "deadline": "2021-06-30"}
    with portal.client() as pledger, portal.client() as staff:
        reference = pledger_with_pledge(portal, pledger, "faro", **old)
        sign_in(portal, staff, STAFF_EMAIL)
        csrf = csrf_of(staff.get(f"/console/pledges/{reference}").text)
        lapse = {"csrf": csrf, "reason": "Silent since 2021."}
        assert staff.post(f"/console/pledges/{reference}/lapse", data=lapse).status_code == 303
        blank = {"csrf": csrf, "deadline": "", "reason": ""}
        refused = staff.post(f"/console/pledges/{reference}/reinstate", data=blank)
        assert refused.status_code == 422
        html = refused.text
        assert field_error(html, "reinstated", "deadline") == (
            "Reinstating needs a new deadline (YYYY-MM-DD)"
        )
        assert field_error(html, "reinstated", "reason") == "Say why the pledge is reinstated"
        assert not [words for words in JARGON if words in html]
        past = {"csrf": csrf, "deadline": "2022-01-01", "reason": "Reports arrived."}
        refused = staff.post(f"/console/pledges/{reference}/reinstate", data=past)
        assert refused.status_code == 409 and 'value="Reports arrived."' in refused.text
        assert "needs a deadline after today" in field_error(refused.text, "reinstated", "deadline")
