"""Reads that wait for a read-model position (`min_position`) hold no worker thread: with
sixty of them in flight on a real server, the sign-in page and /healthz still answer; the
waiting reads answer once the read models reach the position, or stale after the bound."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from api.main import create_app
from domain.taxonomy import Role
from infrastructure.container import Container
from infrastructure.database import Database
from tests.browser.conftest import free_port
from tests.conftest import SERVER_URL, _session_database, make_container
from tests.e2e.conftest import Api, problem
from tests.factories import wire_pledge
from workers.projection_runner import start_projection_runners

pytestmark = pytest.mark.postgres
WAITING = 60


class Counting:
    """The app, counting the requests in flight that wait for a position."""

    def __init__(self, app: ASGIApp) -> None:
        self.app, self.waiting = app, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or b"min_position" not in scope["query_string"]:
            await self.app(scope, receive, send)
            return
        self.waiting += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.waiting -= 1


@dataclass
class Live:
    base: str
    counting: Counting
    container: Container
    token: str


@pytest.fixture
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """A real uvicorn server (its own event loop and thread pool) with projection runners."""
    admin = SERVER_URL or request.getfixturevalue("embedded_admin")
    for database in _session_database(admin):
        yield from serve(database, tmp_path_factory.mktemp("waiting"))


def serve(database: Database, folder: Path) -> Iterator[Live]:
    with make_container(database, folder, pool_size=4) as c:
        stop = threading.Event()
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        app = create_app(c)
        counting = Counting(app)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(counting, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        until(lambda: server.started)
        try:
            token = app.state.container.tokens.create(Role.SECRETARIAT, "waiting", None)[1]
            yield Live(f"http://127.0.0.1:{port}", counting, c, token)
        finally:
            server.should_exit = True
            thread.join(10)
            stop.set()
            for runner in runners:
                runner.join(10)


def until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


async def until_async(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.01)


def test_sixty_waiting_reads_leave_sign_in_and_health_free(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound, made long: the reads must still be waiting when the others have answered.
    monkeypatch.setattr("api.routers.filters.WAIT_LIMIT", 120.0)
    target = (live.container.app.recorder.max_notification_id() or 0) + 1
    auth = {"Authorization": f"Bearer {live.token}"}

    async def scenario() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=WAITING + 10)
        async with httpx.AsyncClient(base_url=live.base, timeout=150, limits=limits) as client:
            reads = [
                asyncio.create_task(client.get("/api/pledges", params={"min_position": target}))
                for _ in range(WAITING)
            ]
            await until_async(lambda: live.counting.waiting == WAITING)
            sign_in = await client.get("/sign-in", timeout=30)
            health = await client.get("/healthz", timeout=30)
            assert (sign_in.status_code, health.status_code) == (200, 200)
            assert live.counting.waiting == WAITING and not any(r.done() for r in reads)
            body = {"name": "City of Porto", "category": "civil_society", "country": "PRT"}
            pledger = (await client.post("/api/pledgers", json=body, headers=auth)).json()
            made = await client.post("/api/pledges", json=wire_pledge(pledger["id"]), headers=auth)
            assert made.status_code == 201, made.text
            return list(await asyncio.gather(*reads))

    for answer in asyncio.run(scenario()):
        assert answer.status_code == 200, answer.text
        assert "X-Read-Model-Stale" not in answer.headers
        assert int(answer.headers["X-Read-Model-Position"]) >= target


def test_a_position_never_reached_answers_stale_after_the_bound(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.routers.filters.WAIT_LIMIT", 0.3)
    for path in ("/api/pledges", "/api/dashboard"):
        answer = api.client.get(path, params={"min_position": 10**15})
        assert answer.status_code == 200, answer.text
        assert answer.headers["X-Read-Model-Stale"] == "true"
    problem(api.client.get("/api/pledges", params={"min_position": -1}), 422, "invalid_input")
