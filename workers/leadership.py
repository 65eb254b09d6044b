"""One active worker per job across processes: a PostgreSQL advisory lock held by a session.

If the process dies, its connection closes, the lock is released and a standby takes over.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Callable

import psycopg

log = logging.getLogger(__name__)


LOG_EVERY = 60.0  # seconds between two log entries of the same failure


def lock_key(name: str) -> int:
    return zlib.crc32(f"gcm-pledges:{name}".encode())


class FailureLogger:
    """A job that fails again and again (retried every few seconds) is logged once a minute,
    with the count of retries in between; a different failure is logged at once."""

    def __init__(self, job: str, every: float = LOG_EVERY) -> None:
        self.job, self.every = job, every
        self.last: tuple[type, str] | None = None
        self.logged_at, self.unlogged = 0.0, 0

    def failed(self, error: Exception) -> None:
        key, now = (type(error), str(error)), time.monotonic()
        if key == self.last and now - self.logged_at < self.every:
            self.unlogged += 1
            return
        log.error(
            "job failed; retrying: %s",
            error,
            exc_info=error,
            extra={"job": self.job, "failures_since_last_logged": self.unlogged},
        )
        self.last, self.logged_at, self.unlogged = key, now, 0


class Leadership(threading.Thread):
    """Runs `lead(still_leader)` while holding the lock; stands by while another holds it."""

    def __init__(
        self,
        name: str,
        conninfo: str,
        lead: Callable[[Callable[[], bool]], None],
        stop: threading.Event,
        standby_seconds: float = 2.0,
    ) -> None:
        super().__init__(name=f"leader-{name}", daemon=True)
        self.job, self.conninfo, self.lead, self.stop = name, conninfo, lead, stop
        self.standby_seconds = standby_seconds
        self.is_leader = threading.Event()
        self.failures = FailureLogger(name)

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.hold_and_lead()
            except Exception as error:
                self.failures.failed(error)
            self.is_leader.clear()
            self.stop.wait(self.standby_seconds)

    def hold_and_lead(self) -> None:
        with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10) as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock_key(self.job),)).fetchone()
            if not row or not row[0]:
                return
            log.info("active", extra={"job": self.job})
            self.is_leader.set()

            def still_leader() -> bool:
                if self.stop.is_set():
                    return False
                try:
                    conn.execute("SELECT 1")
                except psycopg.Error:
                    return False
                return True

            self.lead(still_leader)
