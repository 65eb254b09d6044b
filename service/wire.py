"""Turns wire-format JSON (the API's and `pledges submit`'s) into domain values."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import InvalidPledgeError
from domain.taxonomy import Form, Level, PledgeType, Principle, Region
from domain.values import IndicatorValue, Money, PledgeContent, Target, money, to_decimal


def _enum_list(data: dict[str, Any], name: str, enum: Any) -> tuple[Any, ...]:
    values = data.get(name) or []
    if not isinstance(values, list):
        raise InvalidPledgeError(name, "must be a list")
    try:
        return tuple(enum(v) for v in values)
    except ValueError as error:
        allowed = ", ".join(e.value for e in enum)
        raise InvalidPledgeError(name, f"{error}; allowed: {allowed}") from None


def _one(data: dict[str, Any], name: str, enum: Any, default: Any = None) -> Any:
    value = data.get(name, default)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise InvalidPledgeError(name, f"{value!r} is not one of: {allowed}") from None


def parse_date(value: Any, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidPledgeError(name, f"{value!r} is not a date (YYYY-MM-DD)") from None


def parse_uuid(value: Any, name: str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise InvalidPledgeError(name, f"{value!r} is not an id") from None


def parse_money(value: Any, name: str) -> Money | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidPledgeError(name, "must be an object with amount and currency")
    amount = to_decimal(value.get("amount"), f"{name}.amount")
    return money(name, amount, str(value.get("currency", "")))


def parse_targets(values: list[dict[str, Any]]) -> tuple[Target, ...]:
    return tuple(
        Target(
            indicator=str(t.get("indicator", "")),
            baseline=to_decimal(t.get("baseline", 0), f"targets[{i}].baseline"),
            target=to_decimal(t.get("target"), f"targets[{i}].target"),
            unit=str(t.get("unit", "")),
        )
        for i, t in enumerate(values)
    )


def parse_indicators(values: list[dict[str, Any]]) -> tuple[IndicatorValue, ...]:
    return tuple(
        IndicatorValue(
            str(v.get("indicator", "")), to_decimal(v.get("value"), f"indicators[{i}].value")
        )
        for i, v in enumerate(values)
    )


def parse_content(data: dict[str, Any]) -> PledgeContent:
    objectives = data.get("objectives") or []
    if not isinstance(objectives, list) or not all(isinstance(o, int) for o in objectives):
        raise InvalidPledgeError("objectives", "must be a list of objective numbers (1 to 23)")
    return PledgeContent(
        title=str(data.get("title", "")),
        description=str(data.get("description", "")),
        type=_one(data, "type", PledgeType),
        forms=_enum_list(data, "forms", Form),
        objectives=tuple(objectives),
        principles=_enum_list(data, "principles", Principle),
        levels=_enum_list(data, "levels", Level),
        countries=tuple(str(c).upper() for c in data.get("countries") or []),
        region=_one(data, "region", Region, "global"),
        language=str(data.get("language") or "en"),
        targets=parse_targets(data.get("targets") or []),
        financial=parse_money(data.get("financial"), "financial"),
        gcr_mirror=bool(data.get("gcr_mirror", False)),
    )


def parse_submission(data: dict[str, Any]) -> tuple[UUID, PledgeContent, date, date]:
    """pledger_id, content, pledged_on, deadline from a wire-format submission."""
    for name in ("pledger_id", "title", "description", "type", "pledged_on", "deadline"):
        if name not in data:
            raise InvalidPledgeError(name, "is required")
    return (
        parse_uuid(data["pledger_id"], "pledger_id"),
        parse_content(data),
        parse_date(data["pledged_on"], "pledged_on"),
        parse_date(data["deadline"], "deadline"),
    )
