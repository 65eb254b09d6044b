"""Keyset pages of pledge summaries, and the cursors that say where the next page starts.

A cursor is base64url of the JSON `[sort, value, pledge_id]`: the sort order it belongs to and
the last row's sort value and id. Clients send it back, so it is checked as any input is:
`decode` accepts only what `encode` could have made (the right shape, the sort order asked
for, a value of the sort column's type, a UUID) and raises BadCursorError for anything else,
which every entry point answers with a 400. The database so never sees a value it would
refuse with an error.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg import sql

from projections.listing import ITEM_COLUMNS, SORTS

MAX_LENGTH = 4096  # characters: a 200-character title in any script fits three times over
INT_RANGE = range(-(2**31), 2**31)  # PostgreSQL's int
WHOLE = re.compile(r"-?[0-9]{1,10}")


class BadCursorError(ValueError):
    """Not a cursor this service gave out for this sort order: forged, cut short or stale."""


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time without its zone")
    return moment


def parse_int(text: str) -> int:
    if not WHOLE.fullmatch(text):
        raise ValueError("not a whole number")
    if int(text) not in INT_RANGE:
        raise ValueError("out of range")
    return int(text)


def parse_text(text: str) -> str:
    text.encode()  # a lone surrogate cannot be sent to the database: UnicodeEncodeError
    if "\x00" in text:
        raise ValueError("a NUL character")
    return text


PARSERS: dict[str, Callable[[str], date | datetime | int | str]] = {
    "timestamptz": parse_time,
    "date": date.fromisoformat,
    "int": parse_int,
    "text": parse_text,
}


@dataclass(frozen=True)
class Cursor:
    sort: str
    value: date | datetime | int | str
    pledge_id: UUID


def encode(sort: str, value: Any, pledge_id: Any) -> str:
    raw = json.dumps([sort, str(value), str(pledge_id)], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, sort: str) -> Cursor:
    """The cursor's position, typed for `sort`'s column; BadCursorError if it is not one of
    ours for this sort order."""
    if len(cursor) > MAX_LENGTH:
        raise BadCursorError("the cursor is longer than any this service gives out")
    try:
        found = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, RecursionError):  # binascii, UTF-8 and JSON errors are ValueErrors
        raise BadCursorError("the cursor is not one this service gave out") from None
    if not (isinstance(found, list) and len(found) == 3 and all(isinstance(p, str) for p in found)):
        raise BadCursorError("the cursor is not one this service gave out")
    if found[0] != sort:
        raise BadCursorError(f"the cursor belongs to another sort order than {sort}")
    try:
        value = PARSERS[SORTS[sort.lstrip("-")]](found[1])
        return Cursor(sort, value, UUID(found[2]))
    except (ValueError, KeyError):  # UnicodeEncodeError is a ValueError too
        raise BadCursorError("the cursor's position is not valid for this sort order") from None


def sort_key(sort: str) -> str:
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"cannot sort by {key!r}; choose one of {', '.join(SORTS)}")
    return key


def after(
    where: sql.Composable, params: dict[str, Any], sort: str, cursor: str | None
) -> tuple[sql.Composable, dict[str, Any]]:
    """`where` narrowed to the rows after the cursor in the sort order (all rows without one)."""
    if not cursor:
        return where, params
    position, key = decode(cursor, sort), sort_key(sort)
    narrowed = sql.SQL("{} AND ({}, pledge_id) {} (%(c_value)s::{}, %(c_id)s)").format(
        where,
        sql.Identifier(key),
        sql.SQL("<" if sort.startswith("-") else ">"),
        sql.SQL(SORTS[key]),
    )
    return narrowed, {**params, "c_value": position.value, "c_id": position.pledge_id}


def statement(
    table: str, where: sql.Composable, sort: str, extra: tuple[str, ...] = ()
) -> sql.Composed:
    """One page's rows, plus one more that tells whether there is a next page; `extra`
    columns besides the list's (the exports' and the report's description and details)."""
    direction = sql.SQL("DESC" if sort.startswith("-") else "ASC")
    return sql.SQL(
        "SELECT {} FROM {} WHERE {} ORDER BY {} {}, pledge_id {} LIMIT %(limit)s"
    ).format(
        sql.SQL(", ").join(map(sql.Identifier, [*ITEM_COLUMNS, *extra])),
        sql.Identifier(table),
        where,
        sql.Identifier(sort_key(sort)),
        direction,
        direction,
    )


def next_cursor(items: list[dict[str, Any]], more: bool, sort: str) -> str | None:
    if not more or not items:
        return None
    return encode(sort, items[-1][sort_key(sort)], items[-1]["pledge_id"])
