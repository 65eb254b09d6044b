"""The Secretariat's daily mail of the registration requests that wait: once a day, whatever
number of schedulers run the day's job (workers/registrations.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from psycopg_pool import ConnectionPool


@dataclass(frozen=True)
class Waiting:
    organisation: str
    country: str
    confirmed_at: datetime


class RegistrationDigests:
    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool

    def waiting(self, limit: int = 100) -> tuple[int, list[Waiting]]:
        """How many confirmed requests wait, and the longest waiting of them."""
        with self.pool.connection() as conn:
            count = conn.execute(
                "SELECT count(*) FROM registration_requests WHERE state = 'confirmed'"
            ).fetchone()
            rows = conn.execute(
                "SELECT organisation, country, confirmed_at FROM registration_requests"
                " WHERE state = 'confirmed' ORDER BY confirmed_at, id LIMIT %s",
                (limit,),
            ).fetchall()
        return (int(count[0]) if count else 0), [Waiting(*row) for row in rows]

    def claim(self, day: date, waiting: int) -> bool:
        """True for the first to claim the day's mail; False once claimed."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "INSERT INTO registration_digests (day, waiting) VALUES (%s, %s)"
                " ON CONFLICT (day) DO NOTHING RETURNING day",
                (day, waiting),
            ).fetchone()
        return row is not None

    def release(self, day: date) -> None:
        """The day's mail was not sent after all: the next run tries again."""
        with self.pool.connection() as conn:
            conn.execute("DELETE FROM registration_digests WHERE day = %s", (day,))
