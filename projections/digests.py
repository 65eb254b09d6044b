"""The day's digests: the outbox's notices gathered into one mail per address and day.

A day's digests are composed once (mail_days), after that day's deadline scan is done
(deadline_scans): every pending notice goes into the digest of each address of its pledger's
contacts. Notices that arrive later wait for the next day's. A digest names its contacts by
row id, never an address, and is sent (with retries) by the mailer (workers/mailer.py), a
batch of them in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore

PENDING_NOTICES = (
    "SELECT id, pledge_id, kind, due_on FROM mail_outbox WHERE status = 'pending'"
    " ORDER BY id FOR UPDATE"
)
CLAIM = (
    "SELECT id, day, contact_ids, notices, attempts FROM mail_digests"
    " WHERE status = 'pending' AND next_attempt_at <= %s"
    " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED"
)
NOTICES_OF = "SELECT id, pledge_id, kind, due_on FROM mail_outbox WHERE id = ANY(%s) ORDER BY id"
SETTLE = """UPDATE mail_digests d SET status = u.status, last_error = u.error,
    attempts = d.attempts + 1, next_attempt_at = u.next_at,
    sent_at = CASE WHEN u.status = 'sent' THEN now() END
    FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::timestamptz[])
      AS u(id, status, error, next_at)
    WHERE d.id = u.id"""
# A notice is settled once no digest of it is pending: sent if any of them was sent.
SETTLE_NOTICES = """WITH of_notice AS (
      SELECT n AS id, bool_or(d.status = 'pending') AS waiting,
             count(*) FILTER (WHERE d.status = 'sent') AS sent, max(d.sent_at) AS sent_at,
             max(d.attempts) AS attempts, max(d.last_error) AS last_error, min(d.status) AS other
      FROM mail_digests d CROSS JOIN LATERAL unnest(d.notices) AS n
      WHERE d.notices && %(ids)s::bigint[] AND n = ANY(%(ids)s) GROUP BY n)
    UPDATE mail_outbox o SET
      status = CASE WHEN s.waiting THEN 'in_digest' WHEN s.sent > 0 THEN 'sent' ELSE s.other END,
      recipients = s.sent, sent_at = s.sent_at, attempts = s.attempts, last_error = s.last_error
    FROM of_notice s WHERE o.id = s.id"""


@dataclass(frozen=True)
class Notice:
    id: int
    pledge_id: UUID
    kind: str
    due_on: date


@dataclass
class Plan:
    """What composing makes of the pending notices: digests as (contact ids, notice ids),
    and the notices settled without one (no_recipients, obsolete)."""

    digests: list[tuple[list[int], list[int]]] = field(default_factory=list)
    settled: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DueDigest:
    id: int
    day: date
    contact_ids: list[int]
    notices: list[Notice]
    attempts: int


@dataclass
class Batch:
    digests: list[DueDigest]
    outcomes: dict[int, tuple[str, str | None, datetime]] = field(default_factory=dict)

    def settle(self, digest: DueDigest, status: str, error: str | None, next_at: datetime) -> None:
        self.outcomes[digest.id] = (status, error, next_at)


class DigestQueue:
    def __init__(self, datastore: PostgresDatastore) -> None:
        self.datastore = datastore

    def record_scan(self, day: date, position: int, lapsed: int, reminders: int) -> None:
        """A scan of the day is done; a second one the same day moves its position on."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO deadline_scans (day, position, lapsed, reminders)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (day) DO UPDATE SET"
                " position = greatest(deadline_scans.position, excluded.position),"
                " lapsed = deadline_scans.lapsed + excluded.lapsed,"
                " reminders = deadline_scans.reminders + excluded.reminders, finished_at = now()",
                (day, position, lapsed, reminders),
            )

    def waiting_day(self, day: date) -> int | None:
        """The position the day's digests wait for the outbox to reach; None when the day's
        scan is not done yet or its digests were composed already."""
        with self.datastore.transaction(commit=False) as curs:
            row = curs.execute(
                "SELECT position FROM deadline_scans WHERE day = %s"
                " AND NOT EXISTS (SELECT 1 FROM mail_days WHERE day = %s)",
                (day, day),
            ).fetchone()
        return None if row is None else int(row["position"])

    def compose(self, day: date, plan: Callable[[list[Notice]], Plan]) -> int | None:
        """Makes the day's digests of every pending notice, once; how many (None: the day's
        were made already)."""
        with self.datastore.transaction(commit=True) as curs:
            first = curs.execute(
                "INSERT INTO mail_days (day, digests) VALUES (%s, 0)"
                " ON CONFLICT (day) DO NOTHING RETURNING day",
                (day,),
            ).fetchone()
            if first is None:
                return None
            notices = [Notice(**r) for r in curs.execute(PENDING_NOTICES).fetchall()]
            made = plan(notices)
            curs.executemany(
                "INSERT INTO mail_digests (day, contact_ids, notices) VALUES (%s, %s, %s)",
                [(day, contacts, ids) for contacts, ids in made.digests],
            )
            statuses = {n: "in_digest" for _contacts, ids in made.digests for n in ids}
            statuses.update(made.settled)
            curs.execute(
                "UPDATE mail_outbox o SET status = u.status"
                " FROM unnest(%s::bigint[], %s::text[]) AS u(id, status) WHERE o.id = u.id",
                (list(statuses), list(statuses.values())),
            )
            curs.execute(
                "UPDATE mail_days SET digests = %s WHERE day = %s", (len(made.digests), day)
            )
        return len(made.digests)

    @contextmanager
    def claim(self, now: datetime, limit: int) -> Iterator[Batch]:
        """The due digests (locked, so two mailers never send one twice) with their notices;
        what the caller settles is written when the block ends, in the same transaction."""
        with self.datastore.transaction(commit=True) as curs:
            rows = curs.execute(CLAIM, (now, limit)).fetchall()
            ids = sorted({n for r in rows for n in r["notices"]})
            notices = {r["id"]: Notice(**r) for r in curs.execute(NOTICES_OF, (ids,)).fetchall()}
            batch = Batch(
                [
                    DueDigest(
                        r["id"],
                        r["day"],
                        list(r["contact_ids"]),
                        [notices[n] for n in r["notices"] if n in notices],
                        r["attempts"],
                    )
                    for r in rows
                ]
            )
            yield batch
            if batch.outcomes:
                settled = list(batch.outcomes.items())
                curs.execute(
                    SETTLE,
                    (
                        [ident for ident, _o in settled],
                        [o[0] for _i, o in settled],
                        [o[1] for _i, o in settled],
                        [o[2] for _i, o in settled],
                    ),
                )
                curs.execute(SETTLE_NOTICES, {"ids": ids})

    # ---- what a dry run, the console and `pledges mail status` show ------------------------
    def pending(self) -> list[Notice]:
        """The notices waiting for a digest."""
        with self.datastore.transaction(commit=False) as curs:
            rows = curs.execute(PENDING_NOTICES.replace(" FOR UPDATE", "")).fetchall()
        return [Notice(**r) for r in rows]

    def composed(self, day: date) -> bool:
        with self.datastore.transaction(commit=False) as curs:
            found = curs.execute("SELECT 1 FROM mail_days WHERE day = %s", (day,)).fetchone()
        return found is not None

    def counts(self) -> list[dict[str, Any]]:
        """Digests by status."""
        with self.datastore.transaction(commit=False) as curs:
            return [
                dict(r)
                for r in curs.execute(
                    "SELECT status, count(*) AS n FROM mail_digests GROUP BY status ORDER BY 1"
                ).fetchall()
            ]

    def failing(self, limit: int = 20) -> list[dict[str, Any]]:
        """Pending digests whose sending has failed at least once, oldest first."""
        with self.datastore.transaction(commit=False) as curs:
            return [
                dict(r)
                for r in curs.execute(
                    "SELECT id, day, attempts, next_attempt_at, last_error FROM mail_digests"
                    " WHERE status = 'pending' AND attempts > 0 ORDER BY id LIMIT %s",
                    (limit,),
                ).fetchall()
            ]
