"""Tamper evidence: `verify` names the first event edited, deleted, inserted or reordered in a
log of 10,000 events, each change made in a transaction of its own and rolled back; an
untouched log verifies, and so does one written by writers side by side."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.chain import GENESIS, event_hash, head, verify
from infrastructure.database import Database
from infrastructure.migrations import migrate
from tests.conftest import make_container
from tests.factories import DEADLINE, PLEDGED_ON, content

pytestmark = pytest.mark.postgres
EVENTS, PER_BATCH = 10_000, 100
TOPIC = "domain.pledge:Pledge.ProgressReported"
# 100 pledges of 100 events each, a batch of inserts per pledge, and a position left unused
# (as a rolled-back insert leaves one) after each batch: where an insertion can go.
GENERATE = """SELECT count(*) FROM pledges_events_insert(ARRAY(
    SELECT ROW(md5(%(batch)s::text)::uuid, g, %(topic)s,
               convert_to('{"percent_complete":' || g || '}', 'UTF8'))::stored_event_uuid
    FROM generate_series(1, %(size)s) g))"""
DELETE = "DELETE FROM pledges_events WHERE notification_id = %s"
UNUSED = "SELECT nextval('pledges_events_notification_id_seq')"
Conn = psycopg.Connection[Any]


@pytest.fixture
def log(database: Database) -> Iterator[Conn]:
    """A migrated database holding the 10,000 events; a connection in a transaction."""
    migrate(database.conninfo)
    with psycopg.connect(database.conninfo, autocommit=True) as conn:
        for batch in range(EVENTS // PER_BATCH):
            conn.execute(GENERATE, {"batch": batch, "topic": TOPIC, "size": PER_BATCH})
            conn.execute(UNUSED)
    with psycopg.connect(database.conninfo) as conn:
        yield conn


def positions(conn: Conn) -> list[int]:
    return [r[0] for r in conn.execute("SELECT notification_id FROM pledges_events ORDER BY 1")]


def sample(all_positions: list[int], n: int = 12) -> list[int]:
    """The first two, the last two, and some between (the same every run)."""
    inner = random.Random(18).sample(all_positions[2:-2], n)
    return sorted({*all_positions[:2], *all_positions[-2:], *inner})


def found(conn: Conn, change: Callable[[], object], pin_head: bool = True) -> tuple[str, int]:
    """What verify finds after the change (the head signed before it, as a checkpoint
    would), then the change undone."""
    pinned = dict([head(conn)]) if pin_head else {}
    change()
    result = verify(conn, 0, pinned)
    conn.rollback()
    assert result.problem is not None
    return result.problem.kind, result.problem.position


def test_an_untouched_log_verifies_and_from_a_position_on(log: Conn) -> None:
    every = positions(log)
    assert len(every) == EVENTS
    whole = verify(log)
    assert (whole.ok, whole.events, whole.position) == (True, EVENTS, every[-1])
    part = verify(log, every[5000], dict([head(log)]))
    assert (part.ok, part.events, part.from_position) == (True, EVENTS - 5000, every[5000])


@pytest.mark.parametrize(
    "column, value",
    [
        ("state", "state || '\\x20'::bytea"),
        ("topic", "'domain.pledge:Pledge.Fulfilled'"),
        ("originator_version", "originator_version + 1000"),
        ("originator_id", "gen_random_uuid()"),
        ("hash", "sha256(hash)"),
    ],
)
def test_every_edit_is_named_at_its_position(log: Conn, column: str, value: str) -> None:
    every = positions(log)
    for position in sample(every):
        edit = f"UPDATE pledges_events SET {column} = {value} WHERE notification_id = %s"
        assert found(log, lambda p=position, q=edit: log.execute(q, (p,))) == ("edited", position)


def test_every_deletion_is_named_by_the_event_after_it(log: Conn) -> None:
    every = positions(log)
    for position in sample(every):
        after = next((p for p in every if p > position), position)  # the last: the checkpoint's
        assert found(log, lambda p=position: log.execute(DELETE, (p,))) == ("deleted", after)


def forge(conn: Conn, position: int, linked: bool) -> None:
    """A made-up event at an unused position: chained to the event before it as the insert
    function would (linked), or with made-up hashes."""
    before = conn.execute(
        "SELECT hash FROM pledges_events WHERE notification_id < %s"
        " ORDER BY notification_id DESC LIMIT 1",
        (position,),
    ).fetchone()
    previous = bytes(before[0]) if before else GENESIS
    oid, state = random.Random(position).randbytes(16), b'{"percent_complete":100}'
    forged = event_hash(previous, oid, 1, TOPIC, state, position) if linked else bytes(32)
    conn.execute(
        "INSERT INTO pledges_events (originator_id, originator_version, topic, state,"
        " notification_id, previous_hash, hash) VALUES (%s, 1, %s, %s, %s, %s, %s)",
        (oid.hex(), TOPIC, state, position, previous if linked else bytes(32), forged),
    )


def test_every_insertion_is_named_at_its_position(log: Conn) -> None:
    every = positions(log)
    gaps = sorted(set(range(1, every[-1])) - set(every))
    assert len(gaps) == EVENTS // PER_BATCH - 1
    for position in [gaps[0], *random.Random(18).sample(gaps, 5), gaps[-1], every[-1] + 5]:
        for linked in (True, False):
            if linked and position > every[-1]:
                continue  # an event chained at the end is the log going on
            change = lambda p=position, k=linked: forge(log, p, k)  # noqa: E731
            assert found(log, change) == ("inserted", position), (position, linked)


def swap(conn: Conn, one: int, other: int) -> None:
    moves = [(one, -1), (other, one), (-1, other)]
    for old, new in moves:
        conn.execute(
            "UPDATE pledges_events SET notification_id = %s WHERE notification_id = %s", (new, old)
        )


def test_every_swap_is_named_at_the_first_position_moved(log: Conn) -> None:
    every = positions(log)
    chosen = sample(every)
    pairs = [(a, every[every.index(a) + 1]) for a in chosen[:-1]]  # neighbours
    pairs += [(chosen[i], chosen[-1 - i]) for i in range(len(chosen) // 2)]  # far apart
    for one, other in pairs:
        change = lambda a=one, b=other: swap(log, a, b)  # noqa: E731
        assert found(log, change) == ("reordered", min(one, other)), (one, other)


def test_a_chain_recomputed_after_an_edit_breaks_its_checkpoint(log: Conn) -> None:
    every = positions(log)
    checkpoint = dict([head(log)])
    log.execute(  # the last event edited and its hashes made anew, as someone careful would
        "UPDATE pledges_events SET state = '\\x7b7d'::bytea, hash = pledges_event_hash("
        "previous_hash, originator_id, originator_version, topic, '\\x7b7d'::bytea,"
        " notification_id) WHERE notification_id = %s",
        (every[-1],),
    )
    assert verify(log).ok  # the chain alone holds
    problem = verify(log, 0, checkpoint).problem
    assert problem is not None and (problem.kind, problem.position) == ("rewritten", every[-1])


def test_writers_side_by_side_make_one_valid_chain(database: Database, tmp_path: Path) -> None:
    """Two processes' worth of writers (a container each, its own pools), four threads each."""
    secretariat = Actor("token:test", Role.SECRETARIAT)
    containers = [make_container(database, tmp_path / str(n)) for n in range(2)]
    try:
        apps = [c.app for c in containers]
        pledger = apps[0].register_pledger("P", Category.ACADEMIA, None, False, secretariat)

        def write(n: int) -> None:
            app = apps[n % 2]
            for _ in range(10):
                pledge = app.submit(pledger, content(), PLEDGED_ON, DEADLINE, secretariat).id
                app.report_progress(pledge, PLEDGED_ON, 10, "Report", (), secretariat)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with psycopg.connect(database.conninfo) as conn:
            result = verify(conn)
        # A submission is two events (the pledge's and its reference's), a report one.
        assert (result.ok, result.events) == (True, 1 + 8 * 10 * 3)
    finally:
        for c in containers:
            c.close()


def test_from_beyond_the_head_finds_nothing_missing(log: Conn) -> None:
    last, _ = head(log)
    beyond = verify(log, last + 100, dict([head(log)]))
    assert (beyond.ok, beyond.events, beyond.position) == (True, 0, last)
