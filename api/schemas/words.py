"""Schema errors in plain words, for the people who fill in forms (and read the CLI's errors):
the words of domain/bounds.py, never pydantic's ("Value error, ", "Input should be")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DATE_ERRORS = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)
WORDS = {
    "missing": "fill this in",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "decimal_type": "must be a number",
    "decimal_parsing": "must be a number",
    "finite_number": "must be a number",
    "uuid_parsing": "choose one from the list",
    "uuid_type": "choose one from the list",
    "bool_type": "must be yes or no",
    "bool_parsing": "must be yes or no",
    "extra_forbidden": "is not a field this accepts",
    "string_pattern_mismatch": "is not written as expected",
}


def plain_reason(error: Mapping[str, Any]) -> str:
    """A schema error in the words of domain/bounds.py, for people: no "Value error, ", no
    "Input should be"."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in DATE_ERRORS:
        return "must be a date (YYYY-MM-DD)"
    text = error.get("input") if isinstance(error.get("input"), str) else None
    has = "" if text is None else f" (it has {len(text):,})"
    if kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length", 1)
        if text is None:
            return "choose at least one" if least == 1 else f"choose at least {least}"
        return "must not be empty" if least == 1 else f"must be at least {least:,} characters{has}"
    if kind in ("string_too_long", "too_long"):
        most = ctx.get("max_length")
        return f"must be at most {most:,} characters{has}" if text else f"may list at most {most}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt")))
        word = {"greater_than_equal": "at least", "less_than_equal": "at most"}.get(kind)
        return f"must be {word or 'more than'} {bound}"
    if kind in ("enum", "literal_error"):
        return f"choose one of {ctx.get('expected', 'the choices offered')}"
    return WORDS.get(kind, str(error.get("msg", "is not valid")).removeprefix("Value error, "))
