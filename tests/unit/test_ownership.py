"""Owner-only commands: the domain checks the actor on the pledge the command loaded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

import pytest

from domain.errors import NotAllowedError
from domain.values import Actor
from tests.unit.builders import (
    DEADLINE,
    OWNER,
    SECRETARIAT,
    TODAY,
    Command,
    given,
    names,
    pledger,
    then_error,
    then_events,
)

PARTNER = pledger()
OWNER_ONLY: dict[str, tuple[str, Callable[[Actor], Command]]] = {
    "invite partners to": (
        "PartnerInvited",
        lambda by: (
            lambda p: p.invite_partner(
                uuid4(),
                PARTNER.pledger_id,
                "B",
                "Training",
                by,
                TODAY,  # type: ignore[arg-type]
            )
        ),
    ),
    "fulfil": ("Fulfilled", lambda by: lambda p: p.fulfil(TODAY, "All open", by, TODAY)),
    "withdraw": ("Withdrawn", lambda by: lambda p: p.withdraw("Funding cut", by, TODAY)),
    "extend the deadline of": (
        "DeadlineExtended",
        lambda by: lambda p: p.extend_deadline(DEADLINE + timedelta(days=30), "Delayed", by),
    ),
}


@pytest.mark.parametrize("what", list(OWNER_ONLY))
def test_only_the_owner_and_the_secretariat_may(what: str) -> None:
    event, command = OWNER_ONLY[what]
    then_error(given(), command(pledger()), NotAllowedError, "own pledger", what)
    then_error(given(), command(PARTNER), NotAllowedError, "own pledger", what)
    for allowed in (OWNER, SECRETARIAT):
        assert names(then_events(given(), command(allowed))) == [event]
