"""The API over HTTP (TestClient) on the primary PostgreSQL, with a token per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.authentication import Authenticator
from api.main import create_app
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.database import Database
from service.cli import app
from tests.conftest import SERVER_URL, _session_database, as_url, make_container
from tests.factories import wire_pledge


@dataclass
class Api:
    client: TestClient
    container: Container

    @property
    def auth(self) -> Authenticator:
        """The running app's own (api/main.py's lifespan)."""
        auth: Authenticator = self.client.app.state.auth  # type: ignore[attr-defined]
        return auth

    def token(self, role: Role, pledger_id: str | None = None) -> str:
        pid = UUID(pledger_id) if pledger_id else None
        return self.container.tokens.create(role, f"test {role.value}", pid)[1]

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.request(method, path, headers=headers, **kw)

    def register(self, secretariat: str, name: str, **body: Any) -> str:
        payload = {"name": name, "category": "civil_society", "country": "PRT", **body}
        response = self.call("POST", "/api/pledgers", secretariat, json=payload)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def submit(self, token: str, pledger_id: str, **changes: Any) -> dict[str, Any]:
        response = self.call("POST", "/api/pledges", token, json=wire_pledge(pledger_id, **changes))
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body


@dataclass
class World:
    """A Secretariat, an owner, a partner and an unrelated pledger, each with a token."""

    api: Api
    secretariat: str
    owner_id: str
    owner: str
    partner_id: str
    partner: str
    other_id: str
    other: str

    def partnership(self, **changes: Any) -> str:
        """A partnership pledge of the owner's, which the partner has joined; its reference."""
        pledge = self.api.submit(self.owner, self.owner_id, **changes)
        invited = self.api.call(
            "POST",
            f"/api/pledges/{pledge['id']}/partner-invitations",
            self.owner,
            json={"pledger_id": self.partner_id, "contribution": "Language courses"},
        )
        assert invited.status_code == 201, invited.text
        iid = invited.json()["invitation_id"]
        joined = self.api.call(
            "POST",
            f"/api/pledges/{pledge['id']}/partner-invitations/{iid}/acceptance",
            self.partner,
        )
        assert joined.status_code == 200, joined.text
        return str(pledge["reference"])

    def pledge(self, **changes: Any) -> str:
        return str(self.api.submit(self.owner, self.owner_id, **changes)["reference"])


def fresh(database: Database) -> Database:
    """An empty schema. The shared `reset` truncates tables, which empties eventsourcing's
    tracking tables of their migration row: the next start then renames them to bkup1_* and
    fails the time after. Dropping everything sidesteps that."""
    with database.pool().connection() as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return database


@pytest.fixture(scope="session")
def api_database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A database of the API tests' own on the primary backend, that no other test resets."""
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    yield from _session_database(admin)


@pytest.fixture(scope="session")
def api(api_database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app for the session, as in production; each test makes its own pledgers and tokens,
    so tests never see each other's data through the checks they make."""
    folder = tmp_path_factory.mktemp("api")
    with make_container(api_database, folder, pool_size=4) as container:
        app = create_app(container)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client, container)


@pytest.fixture
def world(api: Api) -> World:
    secretariat = api.token(Role.SECRETARIAT)
    ids = [api.register(secretariat, name) for name in ("City of Lisbon", "Partner", "Other")]
    owner_id, partner_id, other_id = ids
    return World(
        api=api,
        secretariat=secretariat,
        owner_id=owner_id,
        owner=api.token(Role.PLEDGER, owner_id),
        partner_id=partner_id,
        partner=api.token(Role.PLEDGER, partner_id),
        other_id=other_id,
        other=api.token(Role.PLEDGER, other_id),
    )


@pytest.fixture
def failing(api: Api) -> Iterator[TestClient]:
    """The app with one more route, /boom, that fails as no route should."""
    app = create_app(api.container)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("SELECT secret FROM internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def empty(database: Database) -> Database:
    return fresh(database)


@pytest.fixture
def run(empty: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., str]:
    """The `pledges` command line on an empty database: `run(*args, code=0)` -> its output."""
    monkeypatch.setenv("DATABASE_URL", as_url(empty))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Asserts an RFC 9457 problem with this status (and code); returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:gcm-pledges:problem:")
    assert body["title"] and body["detail"] and body["request_id"]
    assert body["request_id"] == response.headers["x-request-id"]
    if code is not None:
        assert body["code"] == code, body
    return body
