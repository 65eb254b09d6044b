"""Every use of what the `eventsourcing` library keeps private, in this one module.

The library's public surface does not offer three things the service needs, so these reach
its underscore names (eventsourcing 9.5.6, pinned in pyproject.toml):

- A faster `save` (`TrackedPledges.save`): the library's own spends some 20 us an object on
  runtime Protocol checks under Python 3.11 (bench/README.md), a tenth of a command's work;
  this one collects the domain's aggregates and events by their classes, then records,
  snapshots and notifies as the library does (`_record`, `_take_snapshots`, `_notify`).
- The recorder's NOTIFY as SQL rendered once (`NotifyRendered._notify_channel`, which the
  library calls in its insert transaction; infrastructure/recorder.py).
- Waking a projection runner's subscription (`pull_anyway`: `_subscription`,
  `_has_been_notified`), whose LISTEN can miss an event committed while it starts.

PRIVATE_PARTS names each part; tests/unit/test_eventsourcing_adapter.py checks that every one
is still there with the signature relied on, so a library upgrade that moves one fails the
tests loudly instead of working differently. No other module may use a private name of the
library (the same test looks).
"""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import ListenNotifySubscription, Recording
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.projection import ProjectionRunner
from psycopg import Cursor
from psycopg.rows import DictRow

from domain.application import PledgeTracker

# (class, name, the parameters relied on; None: an attribute, not a method)
PRIVATE_PARTS: list[tuple[type, str, tuple[str, ...] | None]] = [
    (Application, "_record", ("self", "processing_event")),
    (Application, "_take_snapshots", ("self", "processing_event")),
    (Application, "_notify", ("self", "recordings")),
    (PostgresApplicationRecorder, "_notify_channel", ("self", "curs")),
    (ProjectionRunner, "_subscription", None),  # set in __init__
    (ListenNotifySubscription, "_has_been_notified", None),  # set in __init__
]


class LibraryChangedError(RuntimeError):
    """A private part of the eventsourcing library this module relies on is gone."""


class TrackedPledges(PledgeTracker):
    """The domain's application as the service runs it: the same, saving faster."""

    name = PledgeTracker.name  # not the class's name: the library names tables after it

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        for obj in objs:
            if isinstance(obj, Aggregate):
                processing_event.events.extend(obj.collect_events())
                processing_event.aggregates[obj.id] = obj
            elif isinstance(obj, Aggregate.Event):
                processing_event.events.append(obj)
            else:
                processing_event.collect_events(obj)
        processing_event.saved_kwargs.update(kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings


class NotifyRendered(PostgresApplicationRecorder):
    """The library's recorder, sending its NOTIFY as SQL text rendered once."""

    notify_statement: bytes

    def _notify_channel(self, curs: Cursor[DictRow]) -> None:
        curs.execute(self.notify_statement)


def pull_anyway(runner: ProjectionRunner[Any, Any]) -> None:
    """Wakes the runner's subscription to read new events now, as a NOTIFY would: its LISTEN
    starts in a thread beside its first read, so an event committed between the two would
    wait for the next event, however long (seen as a view stuck one event behind under load).
    Raises LibraryChangedError if the parts it needs are gone."""
    try:
        recorder_subscription: Any = runner._subscription.subscription
        notified = recorder_subscription._has_been_notified
    except AttributeError as error:
        raise LibraryChangedError(f"eventsourcing's projection runner changed: {error}") from None
    if not isinstance(notified, threading.Event):
        raise LibraryChangedError(f"eventsourcing's subscription changed: {notified!r}")
    notified.set()
