"""`pledges worker`: the background half of the service."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from service.bootstrap import Container
from service.cli.common import console, container
from workers.projection_runner import start_projection_runners
from workers.scheduler import start_scheduled_jobs

log = logging.getLogger(__name__)


def run_workers(c: Container, stop: threading.Event) -> list[threading.Thread]:
    """Start every background job; each takes its turn as the active one by advisory lock."""
    return [
        *start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop),
        *start_scheduled_jobs(c, stop),
    ]


def worker() -> None:
    """Run the projection runners, the daily deadline scan and the mailer until interrupted."""
    stop = threading.Event()

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    with container() as c:
        threads = run_workers(c, stop)
        console.print(f"Worker running on {c.database.safe_description}; Ctrl+C stops it.")
        stop.wait()
        for thread in threads:
            thread.join(timeout=10)
        log.info("worker stopped")
