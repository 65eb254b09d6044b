"""The first start of what docker-compose.yml runs: two API processes and the worker, started
at the same moment on a new database, as processes of their own. The first to take the
schema's lock migrates, the others wait for it; every one comes up and none exits. Five
times, each on a new database (before migrations, this failed five times in five: concurrent
CREATE TABLE/TYPE, `pg_type_typname_nsp_index`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from infrastructure.database import Database
from tests.conftest import SERVER_URL, _create_database, _drop_database, as_url

pytestmark = pytest.mark.postgres
PLEDGES = str(Path(sys.executable).parent / "pledges")
ROUNDS = 5
UP_WITHIN = 90.0  # seconds: three processes starting on two CPUs shared with other work


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def eventually(condition: Callable[[], bool], seconds: float = UP_WITHIN) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def started(
    commands: list[list[str]], env: dict[str, str], folder: Path
) -> Iterator[tuple[list[Path], Callable[[], bool]]]:
    """The processes, all started before any is waited for; their output in files, and
    whether one has exited."""
    logs = [folder / f"process-{i}.log" for i in range(len(commands))]
    processes = []
    try:
        for command, log in zip(commands, logs, strict=True):
            with log.open("wb") as out:
                processes.append(
                    subprocess.Popen([PLEDGES, *command], env=env, stdout=out, stderr=out)
                )
        yield logs, lambda: any(p.poll() is not None for p in processes)
        exited = {" ".join(c): p.poll() for c, p in zip(commands, processes, strict=True)}
        assert all(code is None for code in exited.values()), (exited, read(logs))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def read(logs: list[Path]) -> str:
    return "\n".join(f"== {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)


@pytest.fixture
def admin(request: pytest.FixtureRequest) -> str:
    return SERVER_URL or str(request.getfixturevalue("embedded_admin"))


def first_start(admin: str, folder: Path) -> None:
    name, conninfo = _create_database(admin)
    env = {
        **os.environ,
        "DATABASE_URL": as_url(Database(conninfo=conninfo)),
        "DATA_DIR": str(folder),
        "ENVIRONMENT": "test",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "INFO",
        "POOL_SIZE": "3",
    }
    ports = [free_port(), free_port()]
    commands = [["serve", "--no-worker", "--port", str(p)] for p in ports] + [["worker"]]
    try:
        with started(commands, env, folder) as (logs, one_exited):
            for port in ports:
                assert eventually(lambda port=port: ready(port) or one_exited()), read(logs)
            worker = logs[-1]
            assert eventually(lambda: " active" in worker.read_text() or one_exited())
            assert not one_exited() and " active" in worker.read_text(), read(logs)
    finally:
        _drop_database(admin, name)


def test_two_api_processes_and_the_worker_start_together_on_a_new_database(
    admin: str, tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round-{round_}"
        folder.mkdir()
        first_start(admin, folder)
