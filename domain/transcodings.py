"""How the domain's value types are stored in events and snapshots (JSON)."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain import values


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def _coerce(tp: Any, value: Any) -> Any:
    """JSON gives back lists and plain strings; restore tuples and enums."""
    origin = typing.get_origin(tp)
    if origin is tuple and isinstance(value, list):
        (item_type, *_rest) = typing.get_args(tp)
        return tuple(_coerce(item_type, v) for v in value)
    if isinstance(tp, type) and issubclass(tp, Enum) and not isinstance(value, tp):
        return tp(value)
    return value


class DataclassAsDict(Transcoding):
    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__
        self._hints = typing.get_type_hints(cls, vars(values))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        # Built without __post_init__: history is never re-validated against today's rules.
        obj: Any = object.__new__(self.type)
        for key, value in data.items():
            object.__setattr__(obj, key, _coerce(self._hints[key], value))
        return obj


VALUE_TYPES = (
    values.Actor,
    values.Money,
    values.Target,
    values.IndicatorValue,
    values.PledgeContent,
    values.Partner,
    values.Match,
    values.ProgressReport,
    values.Reminder,
)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for cls in VALUE_TYPES:
        transcoder.register(DataclassAsDict(cls))
