"""Keeps every projection in step: the library's ProjectionRunner, woken by LISTEN/NOTIFY."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import cast

from eventsourcing.projection import ProjectionRunner

from domain.application import PledgeTracker
from projections.base import PledgeRowProjection
from projections.registry import PROJECTIONS
from workers.leadership import Leadership

log = logging.getLogger(__name__)


def run_projection(name: str, env: dict[str, str]) -> Callable[[Callable[[], bool]], None]:
    projection_class, view_class = PROJECTIONS[name]

    def lead(still_leader: Callable[[], bool]) -> None:
        # The worker's bootstrap created every table; runners starting together must not race.
        runner_env = {**env, "CREATE_TABLE": "n"}
        with ProjectionRunner(
            application_class=PledgeTracker,
            projection_class=projection_class,
            view_class=view_class,
            env=runner_env,
        ) as runner:
            projection = cast(PledgeRowProjection, runner.projection)
            try:
                while still_leader():
                    runner.run_forever(timeout=1.0)  # re-raises an error from the runner's thread
                    projection.check()
            finally:
                projection.close()

    return lead


def start_projection_runners(
    env: dict[str, str], conninfo: str, stop: threading.Event
) -> list[Leadership]:
    runners = [Leadership(name, conninfo, run_projection(name, env), stop) for name in PROJECTIONS]
    for runner in runners:
        runner.start()
    return runners
