"""The list cursor's decoder: it gives back what the encoder was given, typed for the sort
column, and refuses anything else with BadCursorError, whatever bytes a client sends."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.listing import SORTS
from projections.paging import BadCursorError, Cursor, decode, encode

ORDERS = [order for key in SORTS for order in (key, f"-{key}")]
TYPED: dict[str, Any] = {
    "timestamptz": st.datetimes(timezones=st.timezones()),
    "date": st.dates(),
    "int": st.integers(-(2**31), 2**31 - 1),
    "text": st.text(max_size=300).filter(lambda t: "\x00" not in t and t.isprintable()),
}


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@given(data=st.data(), sort=st.sampled_from(ORDERS), pledge_id=st.uuids())
def test_a_cursor_given_out_decodes_to_its_position(
    data: st.DataObject, sort: str, pledge_id: UUID
) -> None:
    value = data.draw(TYPED[SORTS[sort.lstrip("-")]])
    found = decode(encode(sort, value, pledge_id), sort)
    if isinstance(value, datetime):  # the same instant (a zone's ambiguous hour included)
        assert isinstance(found.value, datetime)
        found = Cursor(sort, found.value.astimezone(UTC), pledge_id)
        value = value.astimezone(UTC)
    assert found == Cursor(sort, value, pledge_id)


def test_the_cursors_of_earlier_releases_still_decode() -> None:
    """They were JSON with ASCII escapes and spaces; links holding them keep working."""
    moment = datetime(2026, 11, 22, 9, 30, 1, 250, tzinfo=UTC)
    pledge_id = uuid4()
    old = b64(json.dumps(["-submitted_at", str(moment), str(pledge_id)]).encode())
    assert decode(old, "-submitted_at") == Cursor("-submitted_at", moment, pledge_id)
    titled = b64(json.dumps(["title", "Écoles", str(pledge_id)]).encode())
    assert decode(titled, "title").value == "Écoles"


ID = "9b2f6c1e-8a4d-4f4e-9a51-0c7d2b1e3f40"


@pytest.mark.parametrize(
    ("raw", "sort"),
    [
        (b"[1,2,3]", "-submitted_at"),
        (f'["deadline","2026-02-30","{ID}"]'.encode(), "deadline"),
        (b'["deadline","2026-02-03","9b2f6c1e"]', "deadline"),
        (f'["deadline","2026-02-03","{ID}"]'.encode(), "-deadline"),
        (f'["updated_at","2026-02-03T10:00:00","{ID}"]'.encode(), "updated_at"),
        (f'["title","a\\u0000b","{ID}"]'.encode(), "title"),
        (f'["title","\\ud800","{ID}"]'.encode(), "title"),
        (f'["percent_complete","1e3","{ID}"]'.encode(), "percent_complete"),
        (f'["percent_complete","2147483648","{ID}"]'.encode(), "percent_complete"),
        (f'["colour","red","{ID}"]'.encode(), "colour"),
        (b"[" * 5000 + b"]" * 5000, "title"),
        (b"\xff\xfe", "title"),
    ],
)
def test_a_forged_cursor_is_refused(raw: bytes, sort: str) -> None:
    with pytest.raises(BadCursorError):
        decode(b64(raw), sort)


@settings(max_examples=1000)
@given(
    cursor=st.one_of(
        st.text(),
        st.binary().map(b64),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner),
        ).map(lambda v: b64(json.dumps(v).encode())),
        st.tuples(st.sampled_from(ORDERS), st.text(), st.text()).map(
            lambda v: b64(json.dumps(list(v)).encode())
        ),
    ),
    sort=st.sampled_from([*ORDERS, "colour"]),
)
def test_any_cursor_decodes_or_is_refused_as_bad(cursor: str, sort: str) -> None:
    try:
        found = decode(cursor, sort)
    except BadCursorError:
        return
    assert found.sort == sort
    assert isinstance(found.value, date | datetime | int | str)
    assert isinstance(found.pledge_id, UUID)
