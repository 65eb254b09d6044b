"""A module-scoped site for the page and export tests: sample data, pledgers registered with
contacts (whose emails must appear nowhere public), a pledge whose title is a spreadsheet
formula, and the real projection runners keeping the read models in step."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.database import Database
from infrastructure.sessions import Identity, SessionStore
from infrastructure.staff import StaffStore
from service.sample import SampleData
from tests.conftest import SERVER_URL, _session_database, make_container
from tests.factories import wire_pledge
from tests.integration.recompute import wait_caught_up
from workers.projection_runner import start_projection_runners

TODAY = date(2026, 11, 22)
FORMULA_TITLE = '=HYPERLINK("http://evil.example","Click") fund migrant centres'
SECRET_EMAILS = ["ana.focal@lisbon-secret.example.org", "ops.desk@partner-secret.example.org"]


@dataclass
class Site:
    client: TestClient
    container: Container
    app: FastAPI
    secretariat: str
    formula_reference: str = ""
    partnered_reference: str = ""
    emails: list[str] = field(default_factory=list)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.secretariat}"}
        response = self.client.post(path, json=body, headers=headers)
        assert response.status_code == 201, response.text
        answer: dict[str, Any] = response.json()
        return answer


def pledger(site: Site, name: str, email: str) -> str:
    contact = {"name": "Ana Focal", "email": email, "position": "Focal point"}
    body = {
        "name": name,
        "category": "local_regional_government",
        "country": "PRT",
        "contacts": [contact],
    }
    return str(site.post("/api/pledgers", body)["id"])


def populate(site: Site) -> None:
    owner = pledger(site, "City of Lisbon (pages)", SECRET_EMAILS[0])
    partner = pledger(site, "Partner Network (pages)", SECRET_EMAILS[1])
    made = site.post("/api/pledges", wire_pledge(owner, title="One-stop centres (pages)"))
    ref = made["reference"]
    site.post(f"/api/pledges/{ref}/partners", {"pledger_id": partner, "contribution": "Courses"})
    site.post(
        f"/api/pledges/{ref}/progress-reports",
        {
            "as_of": "2026-10-01",
            "percent_complete": 40,
            "narrative": "Two centres opened.",
            "indicators": [{"indicator": "migrants reached", "value": 200}],
        },
    )
    formula = site.post("/api/pledges", wire_pledge(owner, title=FORMULA_TITLE, type="individual"))
    site.partnered_reference, site.formula_reference = ref, formula["reference"]
    site.emails = [*SECRET_EMAILS, "focal@pledger1.example.org", "focal@pledger7.example.org"]


def serve(
    database: Database, folder: Path, pledges: int = 120, **settings: object
) -> Iterator[Site]:
    with make_container(database, folder, **{"pool_size": 4, **settings}) as c:
        c.app.today = lambda: TODAY
        SampleData(c.app, c.contacts, seed=11, today=date(2026, 11, 1)).run(
            pledges, lambda _n: None
        )
        stop = threading.Event()
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            app = create_app(c)
            with TestClient(app, raise_server_exceptions=False) as client:
                token = app.state.container.tokens.create(Role.SECRETARIAT, "pages", None)[1]
                site = Site(client, c, app, token)
                populate(site)
                wait_caught_up(c)
                yield site
        finally:
            stop.set()
            for runner in runners:
                runner.join(10)


def staff_session(c: Container, email: str) -> dict[str, str]:
    """Headers of a Secretariat member's browser, signed in as the sign-in link signs in."""
    pool = c.database.pool()
    staff = StaffStore(pool)
    member = staff.add(email)
    sessions = SessionStore(pool, c.settings.secret_key.get_secret_value())
    session_id, _ = sessions.open_session(Identity(Role.SECRETARIAT, str(member.id), email))
    return {"Cookie": f"pledges_session={session_id}"}


def site_fixture(
    folder: str, pledges: int = 120, **settings: object
) -> Callable[..., Iterator[Site]]:
    """A module's site: on the test server if one is named, else on the embedded one;
    `settings` as the environment would give them."""

    @pytest.fixture(scope="module")
    def site(
        request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[Site]:
        admin = SERVER_URL or request.getfixturevalue("embedded_admin")
        for database in _session_database(admin):
            yield from serve(database, tmp_path_factory.mktemp(folder), pledges, **settings)

    return site
