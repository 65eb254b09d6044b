"""The workers' entry: every background job of a process, over its container."""

from __future__ import annotations

import threading

from infrastructure.container import Container
from workers.projection_runner import start_projection_runners
from workers.scheduler import start_scheduled_jobs


def start_workers(c: Container, stop: threading.Event) -> list[threading.Thread]:
    """Start every background job; each takes its turn as the active one by advisory lock."""
    return [
        *start_projection_runners(c.eventsourcing_env, c.database.named("lock"), stop),
        *start_scheduled_jobs(c, stop),
    ]
