"""How the domain's value types are stored in events and snapshots (JSON)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
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


def converter(tp: Any) -> Callable[[Any], Any] | None:
    """How to restore a value of this type from JSON (lists and plain strings), or None
    when JSON gives it back as it was. Worked out once per field, not once per value."""
    if typing.get_origin(tp) is tuple:
        item = converter(typing.get_args(tp)[0])
        if item is None:
            return lambda value: tuple(value) if isinstance(value, list) else value
        return lambda value: tuple(map(item, value)) if isinstance(value, list) else value
    if isinstance(tp, type) and issubclass(tp, Enum):
        return lambda value: value if isinstance(value, tp) else tp(value)
    return None


class DataclassAsDict(Transcoding):
    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__
        hints = typing.get_type_hints(cls, vars(values))
        self._fields = [f.name for f in dataclasses.fields(cls)]
        # Fields added later with a default: a value stored before them reads with it.
        self._defaults = {
            f.name: f.default
            for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING
        }
        self._converters = {name: converter(tp) for name, tp in hints.items()}

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        # Built without __post_init__: history is never re-validated against today's rules.
        obj: Any = object.__new__(self.type)
        for key, default in self._defaults.items():
            if key not in data:
                object.__setattr__(obj, key, default)
        for key, value in data.items():
            convert = self._converters[key]
            object.__setattr__(obj, key, value if convert is None else convert(value))
        return obj


VALUE_TYPES = (
    values.Actor,
    values.Money,
    values.Target,
    values.IndicatorValue,
    values.PledgeContent,
    values.Partner,
    values.Match,
    values.MatchOffer,
    values.Sought,
    values.ProgressReport,
    values.Reminder,
)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for cls in VALUE_TYPES:
        transcoder.register(DataclassAsDict(cls))


class DomainTranscoder(JSONTranscoder):
    """The library's JSON transcoder that also knows the domain's value types: snapshots and
    events stored in the library's own format use it (`TRANSCODER_TOPIC`, infrastructure/
    mapper.py's CODEC_ENV); the application adds the library's own transcodings to it."""

    def __init__(self) -> None:
        super().__init__()
        register_domain_transcodings(self)
