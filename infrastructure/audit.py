"""Checkpoints of the event log's hash chain, and the record of its verifications.

A checkpoint is the chain's head (position, hash) at a time, signed with the service's
Ed25519 key (infrastructure/signing.py) and published at GET /api/audit/checkpoints. One is
made daily by the scheduler (workers/audit.py), only after the whole chain verified against
every earlier checkpoint: a new signature vouches that the log extends the earlier ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg_pool import ConnectionPool

from infrastructure.chain import Progress, Verification, verify
from infrastructure.signing import Signer, message, signed

CHECKPOINTS = """SELECT position, head_hash, made_at, public_key, signature
    FROM audit_checkpoints ORDER BY position DESC LIMIT %s"""
LAST = """SELECT started_at, finished_at, ok, from_position, position, events, problem, source
    FROM audit_verifications ORDER BY id DESC LIMIT 1"""


@dataclass(frozen=True)
class Checkpoint:
    position: int
    head_hash: bytes
    made_at: datetime
    public_key: bytes
    signature: bytes

    @property
    def message(self) -> bytes:
        return message(self.position, self.head_hash, self.made_at)

    @property
    def valid(self) -> bool:
        return signed(self.public_key, self.signature, self.message)


@dataclass(frozen=True)
class RecordedVerification:
    started_at: datetime
    finished_at: datetime
    ok: bool
    from_position: int
    position: int
    events: int
    problem: str | None
    source: str


def describe(result: Verification, name: Callable[[Any], str] | None = None) -> str | None:
    """The problem in one line (position, kind, the event), or None."""
    problem = result.problem
    if problem is None:
        return None
    row = problem.row
    event = "" if row is None else f" {row.event_type} of {name(row) if name else row.pledge_id}"
    return f"position {problem.position}: {problem.kind}{event}: {problem.detail}"


class AuditLog:
    def __init__(self, pool: ConnectionPool, conninfo: str, signer: Signer | None) -> None:
        self.pool, self.conninfo, self.signer = pool, conninfo, signer

    def checkpoints(self, limit: int = 100) -> list[Checkpoint]:
        with self.pool.connection() as conn, conn.cursor(row_factory=class_row(Checkpoint)) as cur:
            return cur.execute(CHECKPOINTS, (limit,)).fetchall()

    def pinned(self) -> dict[int, bytes]:
        """Every checkpoint whose signature holds: the hash its position must keep."""
        return {c.position: c.head_hash for c in self.checkpoints(1_000_000) if c.valid}

    def verify(self, from_position: int = 0, progress: Progress | None = None) -> Verification:
        pinned = self.pinned()
        with psycopg.connect(self.conninfo) as conn:
            conn.read_only = True
            return verify(conn, from_position, pinned, progress)

    def record(
        self, result: Verification, started_at: datetime, source: str, problem: str | None
    ) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO audit_verifications (started_at, ok, from_position, position,"
                " events, problem, source) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                (started_at, result.ok, result.from_position, result.position, result.events,
                 problem, source),
            )  # fmt: skip

    def last_verification(self) -> RecordedVerification | None:
        rows = class_row(RecordedVerification)
        with self.pool.connection() as conn, conn.cursor(row_factory=rows) as cur:
            return cur.execute(LAST).fetchone()

    def checkpoint(self, verified: Verification, now: datetime | None = None) -> Checkpoint:
        """Signs the head a whole verification reached (once per position): what was
        appended since is signed the next time, once verified."""
        if self.signer is None:
            raise RuntimeError("this process has no signing key")
        if not verified.ok or verified.from_position != 0:
            raise ValueError("only a whole chain that holds is signed")
        made_at = (now or datetime.now(UTC)).replace(microsecond=0)
        position, head_hash, signer = verified.position, verified.head_hash, self.signer
        signature = signer.sign(position, head_hash, made_at)
        point = Checkpoint(position, head_hash, made_at, signer.public_key, signature)
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO audit_checkpoints (position, head_hash, made_at, public_key,"
                " signature) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (position) DO NOTHING",
                (position, head_hash, made_at, point.public_key, signature),
            )
        return point
