"""The daily checkpoint: verify the whole chain against every earlier checkpoint, record the
result, and sign the head only when it holds (a signature then vouches for the log)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from infrastructure.audit import Checkpoint, describe
from infrastructure.container import Container

log = logging.getLogger(__name__)


def verify_and_checkpoint(c: Container, source: str = "scheduler") -> Checkpoint | None:
    started = datetime.now(UTC)
    result = c.audit.verify()
    problem = describe(result)
    c.audit.record(result, started, source, problem)
    if problem is not None:
        log.error("the event log's hash chain breaks; no checkpoint signed: %s", problem)
        return None
    made = c.audit.checkpoint(result)
    log.info("checkpoint signed", extra={"position": made.position, "events": result.events})
    return made


def checkpoint_due(c: Container, now: datetime | None = None) -> bool:
    """No checkpoint yet, or the last is a day old: a day missed while no worker ran."""
    latest = c.audit.checkpoints(1)
    now = now or datetime.now(UTC)
    return not latest or latest[0].made_at <= now - timedelta(days=1)
