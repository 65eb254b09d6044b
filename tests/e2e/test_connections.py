"""PostgreSQL connections of the deployment docker-compose.yml runs: `pledges serve --workers 2
--no-worker` (two API processes) and `pledges worker`, started as subprocesses on the test
database. Counted in pg_stat_activity by application_name, at idle and under load; the
README's "Connections" gives the figures."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import psycopg
import pytest

from infrastructure.database import Database
from tests.conftest import as_url
from tests.e2e.conftest import fresh
from tests.e2e.test_command_line import TOKEN, free_port
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres
BOUND = 60  # compose's deployment, all processes together
CLIENTS = 16
SAMPLER = "test:sampler"


def counts(conninfo: str) -> Counter[str]:
    """The deployment's connections by application_name: every connection to the database
    but this test's own (the sampler, and the fixtures' `pledges:*` pool)."""
    with psycopg.connect(conninfo, autocommit=True, application_name=SAMPLER) as conn:
        rows = conn.execute(
            "SELECT application_name, count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name <> %s"
            " AND application_name NOT LIKE 'pledges:%%' GROUP BY application_name",
            (SAMPLER,),
        ).fetchall()
    return Counter({name or "(unnamed)": int(n) for name, n in rows})


def eventually(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


class Deployment:
    def __init__(self, database: Database, folder: Path) -> None:
        self.conninfo = database.conninfo
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": as_url(database),
            "DATA_DIR": str(folder),
            "ENVIRONMENT": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "PUBLIC_URL": self.url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: list[subprocess.Popen[str]] = []

    def start(self, *args: str) -> subprocess.Popen[str]:
        command = [str(Path(sys.executable).parent / "pledges"), *args]
        process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.processes.append(process)
        return process

    def token(self, api: subprocess.Popen[str]) -> str:
        """The first start's Secretariat token, as `pledges serve` prints it."""
        assert api.stdout is not None
        for line in api.stdout:
            found = TOKEN.search(line)
            if found:
                threading.Thread(target=api.stdout.read, daemon=True).start()  # keep draining
                return found.group(0)
        raise AssertionError("pledges serve printed no token")

    def ready(self) -> bool:
        assert all(p.poll() is None for p in self.processes), "a process exited"
        try:
            return httpx.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.communicate(timeout=30)


@pytest.fixture
def deployment(database: Database, tmp_path: Path) -> Iterator[Deployment]:
    found = Deployment(fresh(database), tmp_path)
    try:
        yield found
    finally:
        found.stop()


def load(deployment: Deployment, token: str, seconds: float) -> int:
    """CLIENTS clients, each filing progress reports on a pledge of its own and reading the
    list with its own writes (min_position) and the dashboard; how many requests."""
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=deployment.url, headers=auth, timeout=30) as client:
        body = {"name": "Load", "category": "civil_society", "country": "PRT"}
        pledger = client.post("/api/pledgers", json=body).json()["id"]
        pledges = [
            client.post("/api/pledges", json=wire_pledge(pledger)).json()["id"]
            for _ in range(CLIENTS)
        ]
    done: list[int] = []
    stop = time.monotonic() + seconds

    def client_loop(pledge: str) -> None:
        n = 0
        with httpx.Client(base_url=deployment.url, headers=auth, timeout=30) as client:
            while time.monotonic() < stop:
                report = {
                    "as_of": "2026-10-01",
                    "percent_complete": n % 100,
                    "narrative": "On track",
                }
                made = client.post(f"/api/pledges/{pledge}/progress-reports", json=report)
                assert made.status_code == 201, made.text
                listed = client.get(
                    "/api/pledges", params={"min_position": made.json()["position"]}
                )
                assert listed.status_code == 200
                assert client.get("/api/dashboard").status_code == 200
                n += 3
        done.append(n)

    threads = [threading.Thread(target=client_loop, args=(p,)) for p in pledges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(done) == CLIENTS  # every client ran to the end without a failed request
    return sum(done)


def test_the_deployment_holds_fewer_than_60_connections_at_idle_and_under_load(
    deployment: Deployment,
) -> None:
    api = deployment.start(
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(deployment.port),
        "--workers",
        "2",
        "--no-worker",
    )
    token = deployment.token(api)
    deployment.start("worker")
    eventually(deployment.ready, "the API did not become ready")
    # Every job of the worker holds its advisory lock on a connection of its own.
    eventually(lambda: counts(deployment.conninfo)["worker:lock"] == 6, "the worker's jobs")
    time.sleep(2)
    idle = counts(deployment.conninfo)
    print(f"\nidle: {sum(idle.values())} {sorted(idle.items())}")
    assert sum(idle.values()) < BOUND, idle
    assert {"api:events", "api:stores", "api:tokens", "worker:events", "worker:lock"} <= set(idle)

    peak: Counter[str] = Counter()
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            now = counts(deployment.conninfo)
            if sum(now.values()) > sum(peak.values()):
                peak.clear()
                peak.update(now)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        requests = load(deployment, token, seconds=8)
    finally:
        sampling.set()
        sampler.join()
    print(f"load: {requests} requests; peak {sum(peak.values())} {sorted(peak.items())}")
    assert requests > 100
    assert sum(peak.values()) < BOUND, peak
