"""The event log's hash chain, re-computed: which event, if any, was edited, deleted, inserted
or moved since it was recorded.

Each row of `pledges_events` carries `previous_hash` (the hash of the row before it in the
log's order, notification_id; 32 zero bytes for the first) and `hash`, computed in the
insert's own transaction by the migration's `pledges_event_hash` (0005_hash_chain.sql):

    sha256(previous_hash || originator_id (16 bytes) || originator_version (8, big endian)
           || position (8) || len(topic in UTF-8) (4) || topic || state)

`verify` reads the rows in order and checks both: a row whose hash is not that of its own
columns was edited; a row whose previous hash is not the hash of the row before it follows
a deletion, an insertion or a move, which `diagnose` (infrastructure/chain_diagnosis.py)
tells apart. Checkpoints (infrastructure/audit.py) pin the hash at a position, which catches
a chain rewritten from some row on.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg

GENESIS = bytes(32)
BATCH = 20_000  # rows per fetch of the server-side cursor
ROWS = """SELECT notification_id, uuid_send(originator_id), originator_version, topic, state,
    previous_hash, hash FROM pledges_events WHERE notification_id >= %s ORDER BY notification_id"""
PACK = struct.Struct(">qqi").pack


def event_hash(
    previous: bytes, originator_id: bytes, version: int, topic: str, state: bytes, position: int
) -> bytes:
    """The hash a row should carry (as the migration's pledges_event_hash computes it)."""
    encoded = topic.encode()
    digest = hashlib.sha256(previous)
    digest.update(originator_id)
    digest.update(PACK(version, position, len(encoded)))
    digest.update(encoded)
    digest.update(state)
    return digest.digest()


@dataclass(frozen=True)
class Row:
    position: int
    originator_id: bytes
    version: int
    topic: str
    state: bytes
    previous_hash: bytes | None
    hash: bytes | None

    @classmethod
    def of(cls, values: tuple[Any, ...]) -> Row:
        fields: list[Any] = [bytes(v) if isinstance(v, memoryview) else v for v in values]
        return cls(*fields)

    @property
    def intact(self) -> bool:
        """Its hash is that of its own columns and previous hash."""
        previous = self.previous_hash if self.previous_hash is not None else b""
        content = (self.originator_id, self.version, self.topic or "", self.state or b"")
        return self.hash == event_hash(previous, *content, self.position)

    @property
    def pledge_id(self) -> UUID:
        return UUID(bytes=self.originator_id)

    @property
    def event_type(self) -> str:
        """`Pledge.Submitted` of `domain.pledge:Pledge.Submitted`."""
        return (self.topic or "").rpartition(":")[2]


@dataclass(frozen=True)
class Problem:
    kind: str  # edited, deleted, inserted, reordered, rewritten
    position: int  # the row where the chain first breaks
    row: Row | None  # the event named (None: it is gone)
    detail: str


@dataclass(frozen=True)
class Verification:
    from_position: int
    position: int  # the last position verified intact (0: none)
    events: int
    problem: Problem | None
    head_hash: bytes = GENESIS  # the hash at `position`: what a checkpoint signs

    @property
    def ok(self) -> bool:
        return self.problem is None


Progress = Callable[[int, int], None]  # (position reached, events so far)


def head(conn: psycopg.Connection[Any]) -> tuple[int, bytes]:
    """The last position and its hash (0 and the genesis hash for an empty log)."""
    row = conn.execute(
        "SELECT notification_id, hash FROM pledges_events ORDER BY notification_id DESC LIMIT 1"
    ).fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), bytes(row[1]))


def start_of(conn: psycopg.Connection[Any], from_position: int) -> tuple[int, bytes]:
    """The row the one at from_position must follow: its position and stored hash (taken on
    trust: `--from` checks what comes after), or 0 and the genesis hash."""
    row = conn.execute(
        "SELECT notification_id, hash FROM pledges_events WHERE notification_id < %s"
        " ORDER BY notification_id DESC LIMIT 1",
        (from_position,),
    ).fetchone()
    return (0, GENESIS) if row is None or row[1] is None else (int(row[0]), bytes(row[1]))


def rows(conn: psycopg.Connection[Any], from_position: int) -> Iterator[tuple[Any, ...]]:
    """The log's rows from a position on, in order, as ROWS selects them, through a
    server-side cursor (in the caller's transaction, so a test can verify what it changed
    and roll it back)."""
    with conn.cursor(name="pledges_verify", binary=True) as cursor:
        cursor.itersize = BATCH
        cursor.execute(ROWS, (from_position,))
        yield from cursor


def verify(
    conn: psycopg.Connection[Any],
    from_position: int = 0,
    pinned: Mapping[int, bytes] | None = None,
    progress: Progress | None = None,
) -> Verification:
    """Re-computes the chain from a position on; stops at the first problem. `pinned`: hashes
    the rows at these positions must have (signed checkpoints)."""
    from infrastructure.chain_diagnosis import cut_short, diagnose, unpinned

    pinned = pinned or {}
    (last, expected), count = start_of(conn, from_position), 0
    stream = rows(conn, from_position)
    sha256, pack = hashlib.sha256, PACK
    # The hash inline (not Row.intact): this loop is most of the time of a million events.
    for values in stream:
        position, oid, version, topic, state, previous, stored = values
        encoded = topic.encode() if topic is not None else b""
        digest = sha256(previous) if previous is not None else sha256()
        digest.update(oid)
        digest.update(pack(version, position, len(encoded)))
        digest.update(encoded)
        digest.update(state if state is not None else b"")
        if previous != expected or digest.digest() != stored:
            following = next(stream, None)
            after = None if following is None else Row.of(following)
            problem = diagnose(conn, Row.of(values), expected, last, after)
            return Verification(from_position, last, count, problem)
        if position in pinned and pinned[position] != stored:
            return Verification(from_position, last, count, unpinned(Row.of(values)))
        expected, last, count = stored, position, count + 1
        if progress is not None and count % BATCH == 0:
            progress(last, count)
    if progress is not None:
        progress(last, count)
    beyond = max((p for p in pinned if p > last), default=None)
    short = None if beyond is None else cut_short(last, beyond)
    return Verification(from_position, last, count, short, expected)
