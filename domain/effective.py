"""When each event took effect, as opposed to when the store recorded it.

A report is as of its own date, a fulfilment on its day, a submission on the day it was
pledged: pledges from earlier forums (sample data, imports) are recorded today about days long
past. An event names its day in one of these fields; any other event (including types added
later) took effect on the day it was recorded, in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from domain.pledge import Pledge

# Per event type, the field holding the day it took effect.
EFFECTIVE_FIELD: dict[str, str] = {
    "Submitted": "pledged_on",
    "ProgressReported": "as_of",
    "Fulfilled": "fulfilled_on",
    "Lapsed": "lapsed_on",
    "Reinstated": "reinstated_on",
    "Matched": "matched_on",
    "PartnerJoined": "joined_on",
    "Withdrawn": "withdrawn_on",
    "ReminderSent": "sent_on",
}


def recorded_on(event: Any) -> date:
    """The day the store took the event, in UTC."""
    return event.timestamp.astimezone(UTC).date()  # type: ignore[no-any-return]


def effective_on(event: Any) -> date:
    """The day the event took effect: total, for every event of every aggregate."""
    name = EFFECTIVE_FIELD.get(type(event).__name__.lstrip("_"), "effective_on")
    day = getattr(event, name, None)
    if isinstance(day, datetime):
        return day.astimezone(UTC).date()
    return day if isinstance(day, date) else recorded_on(event)


def replay_until(events: Iterable[Any], day: date) -> Pledge | None:
    """The pledge made of the events in effect on `day`, applied in version order (the order
    the rules were checked in); None if it had not been pledged yet. Its version is that of
    the last event applied."""
    pledge: Any = None
    for event in events:
        if effective_on(event) > day:
            continue
        if pledge is None:
            if event.originator_version != 1:
                continue  # nothing applies to a pledge not yet made
            pledge = event.mutate(None)
            continue
        # Skipped events leave gaps in the versions, which the library's checks refuse.
        pledge.version = event.originator_version - 1
        pledge = event.mutate(pledge)
    return pledge if isinstance(pledge, Pledge) else None
