"""What happened at the first row where the chain breaks (infrastructure/chain.py).

A row whose own hash is wrong but which follows the row before it was edited. A row that
does not follow the row before it tells, by the row its previous hash names:
- no row has that hash: the event before it was deleted;
- that row is later in the log: it was moved away from here (reordered);
- that row is earlier, before the last good row: the rows between were inserted.
A row that neither follows nor matches itself was moved here (its previous hash names a row
elsewhere), inserted (a copy of another row, or the next row follows the last good one), or
edited (its previous hash changed).
"""

from __future__ import annotations

from typing import Any

import psycopg

from infrastructure.chain import ROWS, Problem, Row

COLUMNS = ROWS.split(" FROM ")[0]


def diagnose(
    conn: psycopg.Connection[Any], row: Row, expected: bytes, last: int, following: Row | None
) -> Problem:
    """The first problem, at `row`; `expected`: the hash of the last good row (at `last`)."""
    if row.previous_hash == expected:
        return Problem("edited", row.position, row, "its content differs from what was recorded")
    named = find(conn, "hash = %s AND notification_id <> %s", row.previous_hash, row.position)
    if row.intact:
        return out_of_order(conn, row, named, last)
    if copied := find(conn, "hash = %s AND notification_id <> %s", row.hash, row.position):
        detail = f"a copy of the event at position {copied.position}"
        return Problem("inserted", row.position, row, detail)
    if named is not None and named.position != last:
        detail = f"recorded after the event now at position {named.position}"
        return Problem("reordered", row.position, row, detail)
    if following is None or following.previous_hash == expected:
        return Problem("inserted", row.position, row, "not in the chain after the one before")
    return Problem("edited", row.position, row, "its link to the event before was changed")


def out_of_order(conn: psycopg.Connection[Any], row: Row, named: Row | None, last: int) -> Problem:
    """`row` is as recorded but does not follow the row before it."""
    if named is None:
        detail = f"an event between positions {last} and {row.position} is missing"
        gap = version_gap(conn, last)
        if gap is not None:
            detail += f" (pledge {gap.pledge_id} has no version {gap.version - 1})"
        return Problem("deleted", row.position, None, detail)
    if named.position > row.position:
        detail = f"recorded just before the event at position {row.position}"
        return Problem("reordered", named.position, named, detail)
    inserted = find(conn, "notification_id > %s ORDER BY notification_id", named.position)
    first = inserted or row
    detail = f"not in the chain between positions {named.position} and {row.position}"
    return Problem("inserted", first.position, first, detail)


def cut_short(last: int, pinned: int) -> Problem:
    detail = f"the log ends at position {last}, before the signed checkpoint at {pinned}"
    return Problem("deleted", pinned, None, detail)


def unpinned(row: Row) -> Problem:
    detail = (
        "its hash differs from the signed checkpoint at this position: the chain up to here"
        " was recomputed after an edit, deletion, insertion or move"
    )
    return Problem("rewritten", row.position, row, detail)


def find(conn: psycopg.Connection[Any], where: str, *params: Any) -> Row | None:
    values = conn.execute(f"{COLUMNS} FROM pledges_events WHERE {where} LIMIT 1", params).fetchone()
    return None if values is None else Row.of(values)


def version_gap(conn: psycopg.Connection[Any], after: int) -> Row | None:
    """The first event after a position whose aggregate lacks the version before it: a
    deleted event's pledge, when the pledge has events after it."""
    return find(
        conn,
        "notification_id > %s AND originator_version > 1 AND NOT EXISTS (SELECT 1 FROM"
        " pledges_events p WHERE p.originator_id = pledges_events.originator_id AND"
        " p.originator_version = pledges_events.originator_version - 1)"
        " ORDER BY notification_id",
        after,
    )
