"""The headers of every answer: no sniffing, a referrer policy and frame denial on all of them
(JSON, problems, pages, assets, redirects, 304s, the 500), a CSP on every page, no-store on
every authenticated answer; /metrics behind METRICS_TOKEN, or off in production without one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from infrastructure.database import Database
from infrastructure.settings import SettingsError, load_settings
from tests.conftest import make_container
from tests.e2e.conftest import Api, World, problem
from tests.e2e.site import staff_session

pytestmark = pytest.mark.postgres
METRICS_TOKEN = "metrics-scrape-token-0123456789abcdef"


def assert_hardened(response: httpx.Response, what: str) -> None:
    headers = response.headers
    for name, value in (
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
    ):
        assert headers.get_list(name) == [value], (what, name, headers.get_list(name))
    [csp] = headers.get_list("Content-Security-Policy")
    assert "frame-ancestors 'none'" in csp, (what, csp)
    if headers.get("content-type", "").startswith("text/html"):
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, (what, csp)
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0], what


def test_every_kind_of_answer_is_hardened(world: World, failing: TestClient) -> None:
    api = world.api
    ref = world.pledge()
    listed = api.call("GET", "/api/pledges")
    page = api.call("GET", "/")
    answers = {
        "json": api.call("GET", "/healthz"),
        "list": listed,
        "304": api.call("GET", "/api/pledges", headers={"If-None-Match": listed.headers["ETag"]}),
        "openapi": api.call("GET", "/api/openapi.json"),
        "metrics": api.call("GET", "/metrics"),
        "problem 404": api.call("GET", "/api/pledges/GCM-2026-99999"),
        "problem 422": api.call("GET", "/api/pledges", params={"objective": 99}),
        "problem 401": api.call("GET", "/api/pledges", headers={"Authorization": "Bearer x"}),
        "problem 500": failing.get("/boom"),
        "command": api.call(
            "POST", f"/api/pledges/{ref}/withdrawal", world.owner, json={"reason": "Cut"}
        ),
        "page": page,
        "page 304": api.call("GET", "/", headers={"If-None-Match": page.headers["ETag"]}),
        "pledge page": api.call("GET", f"/pledges/{ref}"),
        "error page": api.call("GET", "/pledges/GCM-2026-99999"),
        "sign-in": api.call("GET", "/sign-in"),
        "redirect": api.client.get("/console", follow_redirects=False),
        "docs": api.call("GET", "/api/docs"),
        "docs asset": api.call("GET", "/api/docs/assets/swagger-ui.css"),
        "asset": api.call("GET", "/static/site.css"),
        "export": api.call("GET", "/api/exports/pledges.csv"),
    }
    for what, response in answers.items():
        assert response.status_code < 600, what
        assert_hardened(response, what)
    assert answers["problem 500"].status_code == 500
    assert answers["redirect"].status_code == 303


def test_every_authenticated_answer_is_no_store(world: World) -> None:
    api = world.api
    ref = world.pledge()
    staff = staff_session(api.container, "headers@un-network.example.org")
    public = api.call("GET", "/api/pledges")
    assert public.headers["Cache-Control"] == "public, no-cache"
    answers = {
        "list": api.call("GET", "/api/pledges", world.owner),
        "pledge": api.call("GET", f"/api/pledges/{ref}", world.owner),
        "dashboard": api.call("GET", "/api/dashboard", world.secretariat),
        "command": api.call(
            "POST", f"/api/pledges/{ref}/withdrawal", world.owner, json={"reason": "Cut"}
        ),
        "refused token": api.call("GET", "/api/pledges", "pledges_not-a-token"),
        "page with a session": api.call("GET", "/", headers=staff),
        "console": api.call("GET", "/console", headers=staff),
    }
    for what, response in answers.items():
        assert response.headers.get_list("Cache-Control") == ["no-store"], what


def test_the_docs_page_keeps_no_token(api: Api) -> None:
    html = api.client.get("/api/docs").text
    assert "<script>" not in html  # its settings are in a script file, under the CSP
    script = api.client.get("/api/docs/init.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "persistAuthorization: false" in script.text


@contextmanager
def app_with(database: Database, tmp_path: Path, **settings: object) -> Iterator[TestClient]:
    with (
        make_container(database, tmp_path, **settings) as container,
        TestClient(create_app(container), raise_server_exceptions=False) as client,
    ):
        yield client


def test_metrics_need_the_metrics_token_when_one_is_set(api: Api, tmp_path: Path) -> None:
    database = api.container.database
    with app_with(database, tmp_path, metrics_token=METRICS_TOKEN) as client:
        problem(client.get("/metrics"), 401, "unauthorized")
        wrong = {"Authorization": f"Bearer {METRICS_TOKEN[:-1]}x"}
        refused = problem(client.get("/metrics", headers=wrong), 401, "unauthorized")
        assert refused["detail"] and METRICS_TOKEN not in str(refused)
        allowed = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert allowed.status_code == 200
        assert "pledges_http_requests_total" in allowed.text
        assert allowed.headers["Cache-Control"] == "no-store"


def test_metrics_are_off_in_production_without_a_token(api: Api, tmp_path: Path) -> None:
    database = api.container.database
    production = {
        "environment": "production",
        "secret_key": "s" * 40,
        "public_url": "https://pledges.example.org",
    }
    with app_with(database, tmp_path, **production) as client:
        problem(client.get("/metrics"), 404, "not_found")
    with app_with(database, tmp_path, **production, metrics_token=METRICS_TOKEN) as client:
        headers = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        assert client.get("/metrics", headers=headers).status_code == 200


@pytest.mark.parametrize("token", ["short", "has space in it 0123456789", "x" * 300])
def test_a_weak_or_malformed_metrics_token_stops_the_start(token: str) -> None:
    with pytest.raises(SettingsError, match="METRICS_TOKEN"):
        load_settings(metrics_token=token)
