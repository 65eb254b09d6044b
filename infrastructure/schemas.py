"""The stored shape of each event class, worked out once from its annotations.

An event class gets a schema only when every field has a type that JSON plus the annotation
restores exactly (str, int, bool, Decimal, date, datetime, UUID, enums, tuples, optionals,
dataclasses of these). A field typed `Any`, say, would come back as a bare string where a
date was, so such a class keeps the library's self-describing format instead.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, NotRequired
from uuid import UUID

import msgspec
from eventsourcing.domain import AggregateEvent

IDENTITY = frozenset({"originator_id", "originator_version"})
LEAVES = (str, int, bool, float, Decimal, date, datetime, UUID, type(None))
Fix = Callable[[Any], Any]


class UnsupportedTypeError(TypeError):
    """A field whose type the typed format cannot restore exactly."""


@dataclass(frozen=True)
class EventSchema:
    decoder: msgspec.json.Decoder[dict[str, Any]]
    fixes: tuple[tuple[str, Fix], ...]
    defaults: tuple[tuple[str, Any], ...]
    version: int = 1  # the class's class_version: older stored shapes are upcast first

    def __post_init__(self) -> None:
        if not self.fixes and not self.defaults:  # most events: msgspec alone
            object.__setattr__(self, "decode", self.decoder.decode)

    def decode(self, data: bytes) -> dict[str, Any]:
        state = self.decoder.decode(data)
        for name, default in self.defaults:
            state.setdefault(name, default)
        for name, fix in self.fixes:
            state[name] = fix(state[name])
        return state


def schema_for(cls: type) -> EventSchema | None:
    """None for classes that keep the library's format (see the module's docstring)."""
    if not issubclass(cls, AggregateEvent):
        return None
    try:
        hints = typing.get_type_hints(cls)
        fields = [f for f in dataclasses.fields(cls) if f.name not in IDENTITY]
        shape, fixes, defaults = _fields(fields, hints)
        decoder = msgspec.json.Decoder(typed_dict(cls.__name__, shape))
    except (UnsupportedTypeError, NameError, TypeError):
        return None
    version = getattr(cls, "class_version", 1)
    return EventSchema(decoder, tuple(fixes), tuple(defaults), version)


def _fields(
    fields: list[dataclasses.Field[Any]], hints: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, Fix]], list[tuple[str, Any]]]:
    shape: dict[str, Any] = {}
    fixes: list[tuple[str, Fix]] = []
    defaults: list[tuple[str, Any]] = []
    for f in fields:
        stored, fix = plan(hints[f.name])
        if f.default is not dataclasses.MISSING:
            # Added with a default after events were stored without it.
            stored = NotRequired[stored]
            defaults.append((f.name, f.default))
        elif f.default_factory is not dataclasses.MISSING:
            raise UnsupportedTypeError(f"{f.name}: a default factory")
        shape[f.name] = stored
        if fix is not None:
            fixes.append((f.name, fix))
    return shape, fixes, defaults


def plan(tp: Any) -> tuple[Any, Fix | None]:
    """The type msgspec decodes, and what turns that into the value (None: nothing)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if len(args) != 2 or type(None) not in args:
            raise UnsupportedTypeError(f"{tp}: only X | None")
        inner, fix = plan(next(a for a in args if a is not type(None)))
        return inner | None, None if fix is None else _optional(fix)
    if origin is tuple:
        if len(args) != 2 or args[1] is not Ellipsis:
            raise UnsupportedTypeError(f"{tp}: only tuple[X, ...]")
        inner, fix = plan(args[0])
        return types.GenericAlias(tuple, (inner, ...)), None if fix is None else _each(fix)
    if origin is not None:
        raise UnsupportedTypeError(f"{tp}")
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _value(tp)
    if tp in LEAVES or (isinstance(tp, type) and issubclass(tp, Enum)):
        return tp, None
    raise UnsupportedTypeError(f"{tp}")


def _value(cls: type) -> tuple[Any, Fix | None]:
    """A value class, built without `__post_init__` when it has one: stored history is
    never checked again against today's rules, nor does it pay for the checks."""
    hints = typing.get_type_hints(cls)
    fields = list(dataclasses.fields(cls))
    shape, fixes, defaults = _fields(fields, hints)
    if not fixes and not hasattr(cls, "__post_init__"):
        return cls, None  # msgspec builds it as it is
    stored = typing.TypedDict(cls.__name__, shape)  # type: ignore[misc]

    def build(state: dict[str, Any]) -> Any:
        for name, default in defaults:
            state.setdefault(name, default)
        for name, fix in fixes:
            state[name] = fix(state[name])
        value: Any = object.__new__(cls)
        vars(value).update(state)
        return value

    return stored, build


def typed_dict(name: str, shape: dict[str, Any]) -> Any:
    make: Any = typing.TypedDict  # called with names known only at run time
    return make(name, shape)


def _optional(fix: Fix) -> Fix:
    return lambda value: None if value is None else fix(value)


def _each(fix: Fix) -> Fix:
    return lambda values: tuple(map(fix, values))
