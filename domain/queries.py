"""What the application answers: pledges now, at a version or a moment, and their history."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.utils import get_topic

from domain.amendments import Amendment, amendments_in
from domain.effective import effective_on, replay_until
from domain.errors import PledgeNotFoundError, PledgerNotFoundError
from domain.pledge import Pledge, event_data
from domain.pledger import Pledger, PledgeReference
from domain.taxonomy import Role
from domain.values import Actor, ProgressReport

REFERENCE_PATTERN = re.compile(r"^GCM-\d{4}-\d{4,}$", re.IGNORECASE)
PLEDGER_REGISTERED = get_topic(Pledger.Registered)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    type: str
    recorded_at: datetime
    effective_on: date
    actor: Actor | None
    data: dict[str, Any]


def reports_in(events: Iterable[Any], on: date | None = None) -> list[ProgressReport]:
    """The progress reports among `events`; given a day, those in effect by then."""
    return [
        ProgressReport(
            e.originator_version,
            e.as_of,
            e.percent_complete,
            e.narrative,
            tuple(e.indicators),
            e.actor.id,
            Role(e.actor.role),
        )
        for e in events
        if type(e).__name__ == "ProgressReported" and (on is None or e.as_of <= on)
    ]


class PledgeQueries(Application[UUID]):
    known_pledgers: set[UUID]

    def get_pledger(self, pledger_id: UUID) -> Pledger:
        try:
            pledger: Any = self.repository.get(pledger_id)
        except AggregateNotFoundError:
            raise PledgerNotFoundError(pledger_id) from None
        if not isinstance(pledger, Pledger):
            raise PledgerNotFoundError(pledger_id)
        return pledger

    def check_pledger(self, pledger_id: UUID) -> None:
        """That the pledger exists, with one read of its first event (no snapshot lookup).
        Pledgers are never deleted (erasure removes contacts, not the pledger), so one
        found stays known to this process and is not read again."""
        if pledger_id in self.known_pledgers:
            return
        first = self.recorder.select_events(pledger_id, limit=1)
        if not first or first[0].topic != PLEDGER_REGISTERED:
            raise PledgerNotFoundError(pledger_id)
        self.known_pledgers.add(pledger_id)

    def progress_reports(
        self, pledge: UUID | str, version: int | None = None, on: date | None = None
    ) -> list[ProgressReport]:
        """Every progress report, from the history (the pledge's state keeps only a summary):
        up to a version, and of those, the ones in effect on a day."""
        return reports_in(self.events.get(self.resolve(pledge), lte=version), on)

    def reports_and_amendments(
        self, pledge: UUID | str, version: int | None = None, on: date | None = None
    ) -> tuple[list[ProgressReport], list[Amendment]]:
        """The progress reports (those in effect on a day, if given) and the amendments (with
        what each changed since publication: the public's), in one read."""
        events = list(self.events.get(self.resolve(pledge), lte=version))
        return reports_in(events, on), amendments_in(events, public=True)

    def amendments(self, pledge: UUID | str, public: bool = False) -> list[Amendment]:
        return amendments_in(self.events.get(self.resolve(pledge)), public)

    def resolve(self, pledge: UUID | str) -> UUID:
        """A pledge's id from its UUID or its human reference."""
        if isinstance(pledge, UUID):
            return pledge
        text = pledge.strip()
        if REFERENCE_PATTERN.match(text):
            try:
                index: PledgeReference = self.repository.get(PledgeReference.create_id(text))
            except AggregateNotFoundError:
                raise PledgeNotFoundError(text) from None
            return index.pledge_id
        try:
            return UUID(text)
        except ValueError:
            raise PledgeNotFoundError(text) from None

    def get_pledge(self, pledge: UUID | str, version: int | None = None) -> Pledge:
        pledge_id = self.resolve(pledge)
        try:
            loaded: Any = self.repository.get(pledge_id, version=version)
        except AggregateNotFoundError:
            raise PledgeNotFoundError(
                pledge if version is None else f"{pledge} v{version}"
            ) from None
        if not isinstance(loaded, Pledge):
            raise PledgeNotFoundError(pledge)
        if version is not None and loaded.version != version:
            # The event store answers the latest version for any later one: not the one asked for.
            raise PledgeNotFoundError(f"{pledge} v{version}")
        return loaded

    def readable(self, pledge: UUID | str, reader: Actor | None) -> Pledge:
        """The pledge now, if `reader` (None: the public) may read it; a pledge not yet
        published is unknown to the public, as one that does not exist (Pledge.visible_to).
        Every read of one pledge for someone asks here first, whatever version it reads."""
        current = self.get_pledge(pledge)
        if not current.visible_to(reader):
            raise PledgeNotFoundError(pledge)
        return current

    def get_pledge_on(self, pledge: UUID | str, day: date) -> Pledge:
        """What was true on a day: the events in effect by then (domain/effective.py)."""
        pledge_id = self.resolve(pledge)
        found = replay_until(self.events.get(pledge_id), day)
        if found is None:
            raise PledgeNotFoundError(f"{pledge} as of {day.isoformat()}")
        return found

    def get_pledge_recorded_at(self, pledge: UUID | str, as_of: datetime) -> Pledge:
        """What the record said at a moment: the last version recorded on or before it."""
        pledge_id = self.resolve(pledge)
        version = None
        for domain_event in self.events.get(pledge_id):
            if cast(Any, domain_event).timestamp > as_of:
                break
            version = domain_event.originator_version
        if version is None:
            raise PledgeNotFoundError(f"{pledge} as of {as_of.isoformat()}")
        return self.get_pledge(pledge_id, version=version)

    def history(self, pledge: UUID | str) -> list[HistoryEntry]:
        pledge_id = self.resolve(pledge)
        entries = [
            HistoryEntry(
                version=e.originator_version,
                type=type(e).__name__.lstrip("_"),
                recorded_at=cast(Any, e).timestamp,
                effective_on=effective_on(e),
                actor=getattr(e, "actor", None),
                data=event_data(e),
            )
            for e in self.events.get(pledge_id)
        ]
        if not entries:
            raise PledgeNotFoundError(pledge)
        return entries

    def all_events(self, start: int = 1, limit: int = 1000) -> Iterator[Any]:
        for notification in self.notification_log.select(start, limit):
            yield self.mapper.to_domain_event(notification)
