"""Extreme values through every entry point (the API, the portal's and the console's forms, the
command line): each is refused naming the field and the rule, no read model stops, a plain
pledge still reaches the list within a second and every accepted pledge's page stays small.
And events recorded before today's rules (written through the application's recorder, as
an old import would have) still project, read and render."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from domain.taxonomy import Role
from service.cli import app as cli
from tests.conftest import as_url
from tests.e2e.conftest import problem
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, csrf_of, portal_fixture, sign_in
from tests.e2e.test_portal import pledge_form
from tests.factories import DESCRIPTION, wire_pledge
from tests.integration.recompute import wait_caught_up
from tests.stored import matched, money, reported, submitted, with_reference

portal = portal_fixture("extremes")
SMALL = 200_000  # bytes: the largest page an accepted pledge may have
HUGE = "1" * 10_000
OWNER_EMAIL = "focal@extremes.example.org"

# (the wire field at fault, the changes to a valid submission): each breaks one rule.
SUBMISSIONS: list[tuple[str, dict[str, Any]]] = [
    ("financial.amount", {"financial": {"amount": "1e999999999", "currency": "EUR"}}),
    ("financial.amount", {"financial": {"amount": "1234567890123456", "currency": "EUR"}}),
    ("financial.amount", {"financial": {"amount": "1000.5", "currency": "JPY"}}),
    ("financial.amount", {"financial": {"amount": "NaN", "currency": "EUR"}}),
    ("financial.currency", {"financial": {"amount": "10", "currency": "XAU"}}),
    ("title", {"title": "A NUL \x00 in the title"}),
    ("title", {"title": "A bell \x07 in the title"}),
    ("description", {"description": DESCRIPTION + " \x1b[31m red"}),
    ("pledged_on", {"pledged_on": "0001-01-01"}),
    ("pledged_on", {"pledged_on": "2018-12-09"}),
    ("deadline", {"deadline": "9999-12-30"}),
    ("deadline", {"deadline": "2101-01-01"}),
    ("targets[0].target", {"targets": [{"indicator": "people", "target": HUGE}]}),
    (
        "targets[0].baseline",
        {"targets": [{"indicator": "people", "baseline": "1e-40", "target": 5}]},
    ),
]
# (the form's input at fault, the changes to a valid portal form)
FORMS: list[tuple[str, dict[str, Any]]] = [
    ("title", {"title": "A NUL \x00 in the title"}),
    ("financial", {"amount": "1e999999999"}),
    ("financial", {"amount": "10.001", "currency": "EUR"}),
    ("deadline", {"deadline": "9999-12-30"}),
    ("targets", {"target_target_0": HUGE}),
]


@pytest.fixture
def client(portal: Portal) -> Iterator[TestClient]:
    with portal.client() as client:
        yield client


def bearer(client: TestClient) -> dict[str, str]:
    tokens: Any = client.app.state.container.tokens  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {tokens.create(Role.SECRETARIAT, 'x', None)[1]}"}


def plain_pledge_is_listed_within_a_second(
    client: TestClient, auth: dict[str, str], owner: str
) -> str:
    made = client.post("/api/pledges", json=wire_pledge(owner), headers=auth)
    assert made.status_code == 201, made.text
    reference = made.json()["reference"]
    start = time.monotonic()
    while time.monotonic() - start < 1.0:
        listed = client.get("/api/pledges", params={"q": reference}).json()
        if listed["total"] == 1:
            return str(reference)
        time.sleep(0.02)
    raise AssertionError(f"{reference} was not listed within a second")


def small_page(client: TestClient, reference: str) -> str:
    page = client.get(f"/pledges/{reference}")
    assert page.status_code == 200, page.text[:500]
    assert len(page.content) < SMALL, f"{reference}: {len(page.content)} bytes"
    return page.text


def test_extreme_values_are_refused_by_every_entry_point_and_stop_nothing(
    portal: Portal, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = portal.pledger("Extremes", OWNER_EMAIL)
    auth = bearer(client)
    accepted = [plain_pledge_is_listed_within_a_second(client, auth, owner)]

    for field, changes in SUBMISSIONS:
        sent = client.post("/api/pledges", json=wire_pledge(owner, **changes), headers=auth)
        body = problem(sent, 422, "invalid_input")
        assert field in [e["field"] for e in body["errors"]], (changes, body)
    reference = accepted[0]
    for path, body, field in [
        (
            "progress-reports",
            {
                "as_of": "2026-06-01",
                "percent_complete": 5,
                "narrative": "x",
                "indicators": [{"indicator": "migrants reached", "value": "1e999999999"}],
            },
            "indicators[0].value",
        ),
        (
            "progress-reports",
            {"as_of": "2017-01-01", "percent_complete": 5, "narrative": "x"},
            "as_of",
        ),
        ("deadline", {"deadline": "9999-12-31", "reason": "much later"}, "deadline"),
        ("withdrawal", {"reason": "NUL \x00"}, "reason"),
    ]:
        sent = client.post(f"/api/pledges/{reference}/{path}", json=body, headers=auth)
        assert field in [e["field"] for e in problem(sent, 422, "invalid_input")["errors"]]
    accepted.append(plain_pledge_is_listed_within_a_second(client, auth, owner))

    sign_in(portal, client, OWNER_EMAIL)
    for name, changes in FORMS:
        csrf = csrf_of(client.get("/my/pledges/new").text)
        shown = client.post("/my/pledges", data=pledge_form(csrf, **changes))
        assert shown.status_code == 422, (changes, shown.status_code)
        assert f'id="error-{name}"' in shown.text, changes
        assert "people taught" in shown.text  # what was typed is kept
    csrf = csrf_of(client.get(f"/my/pledges/{reference}").text)
    shown = client.post(
        f"/my/pledges/{reference}/reports",
        data={
            "csrf": csrf,
            "as_of": "2026-06-01",
            "percent_complete": "5",
            "indicator_0": "1e999999999",
            "narrative": "Kept as typed\r\nover two lines",
        },
    )
    assert shown.status_code == 422 and 'id="error-report-indicator_0"' in shown.text
    assert "Kept as typed" in shown.text and 'value="1e999999999"' in shown.text
    accepted.append(plain_pledge_is_listed_within_a_second(client, auth, owner))

    with portal.client() as staff:
        sign_in(portal, staff, STAFF_EMAIL)
        csrf = csrf_of(staff.get(f"/console/pledges/{reference}").text)
        shown = staff.post(
            f"/console/pledges/{reference}/extend",
            data={"csrf": csrf, "deadline": "9999-12-31", "reason": "Typed reason"},
        )
        assert shown.status_code == 422 and 'id="error-extended-deadline"' in shown.text
        assert 'value="Typed reason"' in shown.text and 'value="9999-12-31"' in shown.text
    accepted.append(plain_pledge_is_listed_within_a_second(client, auth, owner))

    monkeypatch.setenv("DATABASE_URL", as_url(portal.container.database))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for field, changes in SUBMISSIONS:
        file = tmp_path / "pledge.json"
        file.write_text(json.dumps(wire_pledge(owner, **changes)), encoding="utf-8")
        result = CliRunner().invoke(cli, ["submit", "--file", str(file)])
        assert result.exit_code == 1 and field in result.output, (changes, result.output)
    accepted.append(plain_pledge_is_listed_within_a_second(client, auth, owner))

    wait_caught_up(portal.container)
    for each in accepted:
        small_page(client, each)
    assert client.get("/").status_code == 200


def test_events_recorded_before_the_rules_project_read_and_render_small(
    portal: Portal, client: TestClient
) -> None:
    """As if imported long ago: a NUL in the title, an amount no numeric holds, a deadline in
    9999, an indicator of 10,000 digits, a percentage of 1,000 and a match of 1E+100000."""
    owner = UUID(portal.pledger("Before the rules", "focal@before.example.org"))
    history = submitted(
        owner,
        "GCM-2019-9001",
        deadline=date(9999, 12, 31),
        title="Stored with a NUL \x00 and a bell \x07",
        financial=money(Decimal("1e999999999")),
    )
    reported(history, date(2019, 6, 1), 1000, "Far beyond", people_reached=Decimal(HUGE))
    matched(history, owner, money(Decimal("1e100000")), date(2019, 7, 1))
    portal.container.app.save(*with_reference(history))
    wait_caught_up(portal.container)

    read = client.get("/api/pledges/GCM-2019-9001")
    assert read.status_code == 200, read.text
    assert read.json()["financial"]["amount"] == "1E+999999999"
    assert read.json()["title"] == "Stored with a NUL \x00 and a bell \x07"
    listed = client.get("/api/pledges", params={"q": "GCM-2019-9001"}).json()
    assert listed["total"] == 1
    item = listed["items"][0]
    assert (item["title"], item["deadline"]) == (
        "Stored with a NUL \ufffd and a bell \x07",
        "9999-12-31",
    )
    assert item["financial"] == {"amount": "1E+999999999", "currency": "EUR"}

    page = small_page(client, "GCM-2019-9001")
    assert "1E+999999999" in page and "1.11111111111111E+9999" in page
    assert client.get("/").status_code == 200 and len(client.get("/").content) < SMALL
    for export in ("pledges.csv", "pledges.json", "pledges.xlsx"):
        assert client.get(f"/api/exports/{export}").status_code == 200, export
    plain_pledge_is_listed_within_a_second(client, bearer(client), str(owner))


def test_a_stored_amount_of_130000_digits_renders_small_pages(
    portal: Portal, client: TestClient
) -> None:
    """Finding 2: pages printed every digit of a stored amount (PostgreSQL's numeric holds
    this one: the read models took it, and the pages grew with it)."""
    owner = UUID(portal.pledger("Huge amount", "focal@huge.example.org"))
    history = submitted(owner, "GCM-2019-9002", financial=money(Decimal("1e130000")))
    matched(history, owner, money(Decimal("1e130000")), date(2019, 7, 1))
    portal.container.app.save(*with_reference(history))
    wait_caught_up(portal.container)
    assert "1E+130000" in small_page(client, "GCM-2019-9002")
    dashboard = client.get("/")
    assert dashboard.status_code == 200 and len(dashboard.content) < SMALL
