"""The projection that keeps a PledgeRowView in step: events gathered briefly, then written
with their tracking position in one transaction."""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.pledge import Pledge
from domain.pledger import Pledger
from projections.base import PledgeRowView


class PledgeRowProjection(Projection[PledgeRowView]):
    """Keeps a PledgeRowView in step with the pledges and pledgers in the event store.

    Events are gathered for at most `max_delay` seconds (or `max_batch` events) and written
    with the last one's tracking position in one transaction: one commit for a burst, not
    one per event. A crash loses only untracked events, which the next runner reprocesses.
    """

    max_batch = 500
    max_delay = 0.02

    def __init__(self, view: PledgeRowView) -> None:
        super().__init__(view)
        self._pending: list[Any] = []
        self._tracking: Tracking | None = None
        self._first_at = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._error: BaseException | None = None
        threading.Thread(
            target=_flush_when_due,
            args=(weakref.ref(self),),
            daemon=True,
            name=f"flush-{self.name}",
        ).start()

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:  # noqa: ARG002
        self.add(None, tracking)  # no view shows it, but the position moves on

    @process_event.register(Pledger.Registered)  # type: ignore[attr-defined]
    @process_event.register(Pledger.Updated)  # type: ignore[attr-defined]
    @process_event.register(Pledge.Event)
    def _shown(self, domain_event: Any, tracking: Tracking) -> None:
        self.add(domain_event, tracking)

    def add(self, event: Any, tracking: Tracking) -> None:
        self.check()
        with self._lock:
            if event is not None:
                self._pending.append(event)
            if self._tracking is None:
                self._first_at = time.monotonic()
            self._tracking = tracking
            full = len(self._pending) >= self.max_batch
        if full:
            self.flush()
        else:
            self._wake.set()

    def flush(self) -> None:
        with self._lock:
            if self._tracking is None:
                return
            try:
                self.view.apply(self._pending, self._tracking)
            except BaseException as error:
                self._error = error
                raise
            self._pending, self._tracking = [], None

    def check(self) -> None:
        """Raise the error a background flush met, so the runner stops and restarts."""
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        self._closed.set()
        self._wake.set()


def _flush_when_due(ref: weakref.ReferenceType[PledgeRowProjection]) -> None:
    while (projection := ref()) is not None and not projection._closed.is_set():
        wake, delay = projection._wake, projection.max_delay
        del projection  # hold no reference while waiting, so the projection can be collected
        if not wake.wait(timeout=1.0):
            continue
        wake.clear()
        time.sleep(delay)
        projection = ref()
        if projection is None or projection._error is not None:
            return
        with contextlib.suppress(Exception):  # kept in _error; the runner re-raises it
            projection.flush()
