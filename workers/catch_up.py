"""Bring a projection up to a position now: for commands run while no worker may be up."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg

from workers.leadership import lock_key
from workers.projection_runner import running


def catch_up(
    name: str,
    projection_class: Any,
    view_class: Any,
    env: dict[str, str],
    conninfo: str,
    position: Callable[[], int],
    target: int,
    timeout: float = 120.0,
) -> None:
    """Run the projection here if no worker holds it; otherwise wait for the worker."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(conninfo, autocommit=True) as conn:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock_key(name),)).fetchone()
        if row and row[0]:
            with running(projection_class, view_class, env) as runner:
                wait(position, target, deadline, runner.run_forever)
        else:
            wait(position, target, deadline, time.sleep)


def wait(
    position: Callable[[], int], target: int, deadline: float, pause: Callable[[float], Any]
) -> None:
    while position() < target:
        if time.monotonic() > deadline:
            raise TimeoutError(f"projection stuck at {position()} before {target}")
        pause(0.02)
