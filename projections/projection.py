"""The projection that keeps a PledgeRowView in step: events gathered briefly, then written
with their tracking position in one transaction."""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from functools import singledispatchmethod
from typing import Any

import psycopg
from eventsourcing import persistence
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.pledge import Pledge
from domain.pledger import Pledger
from projections.base import PledgeRowView
from projections.failures import EventNotAppliedError

# The database is away, not refusing an event: no event is to blame.
OUTAGES = (
    persistence.OperationalError,
    persistence.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


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
        self._trackings: list[Tracking] = []  # each pending event's own position
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
                self._trackings.append(tracking)
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
            except Exception as error:
                self._error = self.isolate(error)
                if self._error is error:
                    raise
                if self._error is not None:
                    raise self._error from error
            except BaseException as error:
                self._error = error
                raise
            self._pending, self._trackings, self._tracking = [], [], None

    def isolate(self, error: Exception) -> Exception | None:
        """Which event the view refused: the batch again, one event a transaction, up to
        the one that fails, so the view stops right before it and the error names it (see
        projections/failures.py). None if each event applies alone after all."""
        if isinstance(error, OUTAGES):
            return error
        for event, tracking in zip(self._pending, self._trackings, strict=True):
            try:
                self.view.apply([event], tracking)
            except Exception as refused:
                self.stay_before(tracking)
                failure = EventNotAppliedError(self.name, tracking.notification_id, event, refused)
                failure.reference = failure.reference or self.view.reference_of(event)
                return failure
        last = self._trackings[-1].notification_id if self._trackings else 0
        if self._tracking is not None and self._tracking.notification_id > last:
            try:
                self.view.apply([], self._tracking)
            except Exception as again:
                return again
        return None

    def stay_before(self, refused: Tracking) -> None:
        """Track the position right before the refused event: events between the last one
        applied and it are none a view shows (a reference's), and are done with."""
        before = refused.notification_id - 1
        with contextlib.suppress(Exception):  # only a nicer position: the failure is the news
            if (self.view.max_tracking_id(refused.application_name) or 0) < before:
                self.view.apply([], Tracking(refused.application_name, before))

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
