"""Health, metrics, request ids, the 500 that leaks nothing, the docs page and OpenAPI."""

from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from infrastructure.database import Database
from service.asgi import server_app
from tests.conftest import as_url
from tests.e2e.conftest import Api, World, fresh, problem
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres


def test_liveness_and_readiness(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    assert api.client.get("/readyz").json() == {"status": "ready"}


def test_readiness_fails_with_a_503_problem_when_the_database_is_gone(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.routers.health.ping", lambda _database: False)
    problem(api.client.get("/readyz"), 503, "database_unavailable")


def sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latencies_commands_and_problems(world: World) -> None:
    api = world.api
    before = api.client.get("/metrics").text
    world.pledge()
    api.call("GET", "/api/pledges/GCM-2026-9999")
    after = api.client.get("/metrics").text
    route = {"route": "/api/pledges/{id}", "method": "GET", "status": "404"}
    total = "pledges_http_requests_total"
    assert sample(after, total, **route) == sample(before, total, **route) + 1
    commands = "pledges_commands_total"
    assert (
        sample(after, commands, command="submit") >= sample(before, commands, command="submit") + 1
    )
    problems = "pledges_problems_total"
    assert (
        sample(after, problems, code="not_found") >= sample(before, problems, code="not_found") + 1
    )
    assert 'pledges_http_request_duration_seconds_bucket{le="0.1",method="POST"' in after
    assert "/api/pledges/GCM-2026-9999" not in after  # labels are route templates


def test_a_request_id_from_a_proxy_is_kept_and_a_bad_one_replaced(api: Api) -> None:
    kept = api.client.get("/healthz", headers={"X-Request-ID": "edge-1234abcd"})
    assert kept.headers["x-request-id"] == "edge-1234abcd"
    replaced = api.client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])


def test_an_unexpected_error_is_a_500_problem_without_internals_and_is_logged(
    failing: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = failing.get("/boom")
    body = problem(response, 500, "internal_error")
    assert "SELECT" not in response.text and "Traceback" not in response.text
    [record] = [r for r in caplog.records if r.name == "api.errors"]
    assert record.request_id == body["request_id"]  # type: ignore[attr-defined]
    assert record.exc_info is not None


def test_unknown_paths_and_methods_are_problems_too(api: Api) -> None:
    problem(api.client.get("/api/nothing-here"), 404, "not_found")
    problem(api.client.delete("/api/pledges/GCM-2026-0001"), 405, "method_not_allowed")


def test_the_docs_page_works_offline(api: Api) -> None:
    page = api.client.get("/api/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/api/docs/") for a in assets), assets
    assert "//" not in "".join(assets)
    for asset in assets:
        assert api.client.get(asset).status_code == 200, asset


def test_openapi_lists_every_operation_with_codes_examples_and_problems(api: Api) -> None:
    document = api.client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "human_rights" in schemas["Principle"]["enum"]
    assert "europe_north_america" in schemas["Region"]["enum"]
    assert set(schemas["Status"]["enum"]) >= {"submitted", "in_progress", "lapsed"}
    assert schemas["PledgeCreate"]["examples"][0]["type"] == "partnership"
    submit = document["paths"]["/api/pledges"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(submit["responses"])
    assert "application/problem+json" in submit["responses"]["422"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in submit["parameters"])
    report = document["paths"]["/api/pledges/{id}/progress-reports"]["post"]
    assert {p["name"] for p in report["parameters"]} >= {"id", "If-Match", "Idempotency-Key"}
    assert "412" in report["responses"]
    assert "BearerToken" in document["components"]["securitySchemes"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path}"


def test_a_server_process_builds_its_container_and_its_app_closes_it(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", as_url(fresh(database)))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENVIRONMENT", "test")
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    app = server_app()  # what `pledges serve` has uvicorn call in each server process
    try:
        serve_once(app)
    finally:  # the factory configures logging for a server; give pytest its handlers back
        root.handlers[:], root.level = handlers, level


def serve_once(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/readyz").json() == {"status": "ready"}
        pool = app.state.container.database._pool
        assert pool is not None and not pool.closed
        anonymous = client.post("/api/pledges", json=wire_pledge(str(uuid.uuid4())))
        assert anonymous.status_code == 401
    assert pool.closed
