"""Events a projection could not apply, so that a stuck read model is loud.

A projection's runner (workers/projection_runner.py) writes one row per projection when its
view refuses an event: the event's position, type and pledge, the error, how many attempts
failed and since when. The row goes when the projection moves past that position. `pledges
projections status`, `/readyz`, `/metrics` and the console read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from psycopg.rows import class_row

ERROR_TEXT = 2_000  # characters of an error kept: PostgreSQL's message and its detail
# The same event again counts one more attempt; another event starts over.
RECORD = """INSERT INTO projection_failures
    (projection, position, event_type, originator_id, reference, error, attempts)
    VALUES (%s, %s, %s, %s, %s, %s, 1)
    ON CONFLICT (projection) DO UPDATE SET
    attempts = CASE WHEN projection_failures.position = EXCLUDED.position
        THEN projection_failures.attempts + 1 ELSE 1 END,
    first_at = CASE WHEN projection_failures.position = EXCLUDED.position
        THEN projection_failures.first_at ELSE now() END,
    position = EXCLUDED.position, event_type = EXCLUDED.event_type,
    originator_id = EXCLUDED.originator_id, reference = EXCLUDED.reference,
    error = EXCLUDED.error, last_at = now()
    RETURNING attempts"""


class EventNotAppliedError(Exception):
    """A projection's view refused one event: which, and why."""

    def __init__(self, projection: str, position: int, event: Any, error: BaseException) -> None:
        self.projection, self.position = projection, position
        self.event_type = type(event).__qualname__  # e.g. Pledge.Submitted
        self.originator_id: UUID | None = getattr(event, "originator_id", None)
        self.reference: str | None = getattr(event, "reference", None)
        self.error = f"{type(error).__name__}: {error}"[:ERROR_TEXT]
        super().__init__(
            f"projection {projection} cannot apply event {position} ({self.event_type} of "
            f"{self.reference or self.originator_id}): {self.error}"
        )


@dataclass(frozen=True)
class Failure:
    projection: str
    position: int
    event_type: str
    originator_id: UUID | None
    reference: str | None
    error: str
    attempts: int
    first_at: datetime
    last_at: datetime


class FailureLog:
    def __init__(self, datastore: PostgresDatastore) -> None:
        self.datastore = datastore

    def record(self, failure: EventNotAppliedError) -> int:
        """Returns how many attempts at this event have failed."""
        with self.datastore.transaction(commit=True) as curs:
            row = curs.execute(
                RECORD,
                (
                    failure.projection,
                    failure.position,
                    failure.event_type,
                    failure.originator_id,
                    failure.reference,
                    failure.error,
                ),
            ).fetchone()
        return int(row["attempts"]) if row else 1

    def clear_passed(self, projection: str, position: int) -> int:
        """Forget a failure the projection has moved past; how many were forgotten."""
        with self.datastore.transaction(commit=True) as curs:
            return curs.execute(
                "DELETE FROM projection_failures WHERE projection = %s AND position <= %s",
                (projection, position),
            ).rowcount

    def position(self, projection: str) -> int | None:
        """The position of the projection's recorded failure, if it has one."""
        with self.datastore.transaction(commit=False) as curs:
            row = curs.execute(
                "SELECT position FROM projection_failures WHERE projection = %s", (projection,)
            ).fetchone()
        return None if row is None else int(row["position"])

    def current(self) -> list[Failure]:
        """Every recorded failure (see Views.failing for those still in the way)."""
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=class_row(Failure)) as curs,
        ):
            return curs.execute("SELECT * FROM projection_failures ORDER BY projection").fetchall()
