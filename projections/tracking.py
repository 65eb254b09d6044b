"""A read model's tracking position, written and read inside the transaction of its rows.

The library's PostgresTrackingRecorder does this only in transactions of its own
(`insert_tracking`, `max_tracking_id`), so a view uses the statements the recorder makes
for them (`insert_tracking_statement`, `max_tracking_id_statement`, public attributes; tests/
unit/test_eventsourcing_adapter.py checks they are still there and what they do).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg import Cursor
from psycopg.rows import DictRow


class TrackedView(PostgresTrackingRecorder):
    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        if not datastore.single_row_tracking:  # the library's default; its legacy mode differs
            raise ValueError("read models need single-row tracking (POSTGRES_SINGLE_ROW_TRACKING)")

    def track(self, curs: Cursor[DictRow], tracking: Tracking) -> None:
        """Moves the position forward in the caller's transaction; a position that would not
        move it (an event applied twice) fails the transaction, as the library's does."""
        curs.execute(
            self.insert_tracking_statement,
            {
                "application_name": tracking.application_name,
                "notification_id": tracking.notification_id,
            },
            prepare=True,
        )
        if curs.fetchone() is None:
            raise IntegrityError(
                f"Failed to record tracking for {tracking.application_name} "
                f"{tracking.notification_id}"
            )

    def position_in(self, curs: Cursor[DictRow], application_name: str) -> int | None:
        """The position, read in the caller's transaction."""
        row = curs.execute(self.max_tracking_id_statement, (application_name,)).fetchone()
        return None if row is None else row["max"]
