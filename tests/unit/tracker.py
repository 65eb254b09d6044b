"""An in-memory PledgeTracker (the library's "popo" persistence) with a fixed today."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.application import CommandResult, PledgeTracker
from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.mapper import CODEC_ENV
from tests.factories import DEADLINE, PLEDGED_ON, content
from tests.unit.builders import SECRETARIAT, TODAY

# The stored format is the infrastructure's, given as the composition root gives it.
IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo", **CODEC_ENV}


def tracker(**options: Any) -> PledgeTracker:
    """REVIEW_PLEDGES off unless asked: most tests are about what follows publication."""
    return PledgeTracker(IN_MEMORY, today=lambda: TODAY, **{"review_pledges": False, **options})


def register(app: PledgeTracker, name: str = "City of Lisbon") -> Actor:
    pledger_id: UUID = app.register_pledger(
        name, Category.LOCAL_REGIONAL_GOVERNMENT, "PRT", False, SECRETARIAT
    )
    return Actor(str(pledger_id), Role.PLEDGER)


def submit(
    app: PledgeTracker, owner: Actor, key: str | None = None, **fields: Any
) -> CommandResult:
    assert owner.pledger_id is not None
    return app.submit(
        owner.pledger_id,
        fields.pop("content", content()),
        fields.pop("pledged_on", PLEDGED_ON),
        fields.pop("deadline", DEADLINE),
        owner,
        key,
    )
