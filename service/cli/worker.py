"""`pledges worker`: the background half of the service."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from service.cli.common import console, container
from workers.main import start_workers

log = logging.getLogger(__name__)


def worker() -> None:
    """Run the projection runners, the daily deadline scan and the mailer until interrupted."""
    stop = threading.Event()

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    with container("worker") as c:
        threads = start_workers(c, stop)
        console.print(f"Worker running on {c.database.safe_description}; Ctrl+C stops it.")
        stop.wait()
        for thread in threads:
            thread.join(timeout=10)
        log.info("worker stopped")
