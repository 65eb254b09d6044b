"""Keeps every projection in step: the library's ProjectionRunner, woken by LISTEN/NOTIFY."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from eventsourcing.projection import ProjectionRunner

from domain.application import PledgeTracker
from infrastructure.eventsourcing_adapter import pull_anyway
from projections.failures import EventNotAppliedError, FailureLog
from projections.projection import PledgeRowProjection
from projections.registry import APPLICATION, PROJECTIONS
from workers.leadership import Leadership

log = logging.getLogger(__name__)


def runner_env(env: dict[str, str], name: str) -> dict[str, str]:
    """A runner's application and view each open a pool: its application needs two
    connections (the subscription's LISTEN and its reads), its view one or two (writes, and
    the position the runner reads). Tables are made by the migrations, never by a runner."""
    return {
        **env,
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "1",
        "CONNECTION_NAME": f"{env.get('PROCESS_NAME', 'pledges')}:{name}",
    }


@contextmanager
def running(projection_class: Any, view_class: Any, env: dict[str, str]) -> Iterator[Any]:
    """The library's runner, and afterwards what it leaves open: the projection's flush
    thread and the view's pool (it closes only its application), so that a runner that
    restarts after errors leaks nothing."""
    runner = ProjectionRunner(
        application_class=PledgeTracker,
        projection_class=projection_class,
        view_class=view_class,
        env=runner_env(env, projection_class.name),
    )
    try:
        with runner:
            yield runner
    finally:
        close = getattr(runner.projection, "close", None)
        if close is not None:
            close()
        runner.view.datastore.close()


class Watch:
    """The projection's recorded failure, forgotten once the projection moves past it."""

    def __init__(self, name: str, runner: ProjectionRunner[Any, Any]) -> None:
        self.name, self.view = name, runner.view
        self.failures = FailureLog(runner.view.datastore)
        self.failed_at = self.failures.position(name)

    def failed(self, failure: EventNotAppliedError) -> None:
        self.failures.record(failure)
        self.failed_at = failure.position

    def moved_on(self) -> None:
        if self.failed_at is None:
            return  # no query while nothing failed
        if (self.view.max_tracking_id(APPLICATION) or 0) >= self.failed_at:
            self.failures.clear_passed(self.name, self.failed_at)
            self.failed_at = None
            log.info("projection moved past its failing event", extra={"projection": self.name})


def run_projection(name: str, env: dict[str, str]) -> Callable[[Callable[[], bool]], None]:
    projection_class, view_class = PROJECTIONS[name]

    def lead(still_leader: Callable[[], bool]) -> None:
        with running(projection_class, view_class, env) as runner:
            # What the runner is made of lives as long as it: out of the cycle collector's
            # sight, a full collection walks only what came after (in the API: 100 ms ->
            # 9 ms, bench/README.md), and every event in flight waits one out.
            gc.freeze()
            projection = cast(PledgeRowProjection, runner.projection)
            watch = Watch(name, runner)
            try:
                while still_leader():
                    runner.run_forever(timeout=1.0)  # re-raises the runner thread's error
                    projection.check()
                    pull_anyway(runner)  # once a second: see its docstring
                    watch.moved_on()
            except EventNotAppliedError as failure:
                watch.failed(failure)  # then Leadership logs it (once a minute) and retries
                raise

    return lead


def start_projection_runners(
    env: dict[str, str], conninfo: str, stop: threading.Event
) -> list[Leadership]:
    runners = [Leadership(name, conninfo, run_projection(name, env), stop) for name in PROJECTIONS]
    for runner in runners:
        runner.start()
    return runners
