"""Plain JSON-ready views of domain objects, shared by the API, exports and the command line."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from domain.pledge import Pledge
from domain.values import ProgressReport


def to_plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def pledge_state(pledge: Pledge, today: date, reports: list[ProgressReport]) -> dict[str, Any]:
    """The pledge as the wire format describes it (without the pledger's name)."""
    content = to_plain(pledge.content)
    return {
        "id": str(pledge.id),
        "reference": pledge.reference,
        "version": pledge.version,
        "status": pledge.status.value,
        "review": pledge.review.value,
        "review_comments": pledge.review_comments,
        "overdue": pledge.is_overdue(today),
        "pledger_id": str(pledge.pledger_id),
        **content,
        "pledged_on": pledge.pledged_on.isoformat(),
        "deadline": pledge.deadline.isoformat(),
        "percent_complete": pledge.percent_complete,
        "partners": to_plain(pledge.partners),
        "matches": to_plain(pledge.matches),
        "progress_reports": to_plain(reports),
        "latest_values": to_plain(pledge.latest_values),
        "reminders": to_plain(pledge.reminders),
        "fulfilled_on": pledge.fulfilled_on.isoformat() if pledge.fulfilled_on else None,
        "closing_note": pledge.closing_note,
        "recorded_at": pledge.created_on.isoformat(),
        "modified_at": pledge.modified_on.isoformat(),
    }
