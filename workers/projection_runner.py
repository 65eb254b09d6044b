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
from projections.failures import EventNotAppliedError, FailureLog
from projections.projection import PledgeRowProjection
from projections.registry import APPLICATION, PROJECTIONS
from workers.leadership import Leadership

log = logging.getLogger(__name__)


def runner_env(env: dict[str, str]) -> dict[str, str]:
    """A runner's application and view each open a pool at its minimum size at once: keep
    them small (a runner needs a connection or two)."""
    return {**env, "POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "3"}


@contextmanager
def running(projection_class: Any, view_class: Any, env: dict[str, str]) -> Iterator[Any]:
    """The library's runner, and afterwards what it leaves open: the projection's flush
    thread and the view's pool (it closes only its application), so that a runner that
    restarts after errors leaks nothing."""
    runner = ProjectionRunner(
        application_class=PledgeTracker,
        projection_class=projection_class,
        view_class=view_class,
        env=runner_env(env),
    )
    try:
        with runner:
            yield runner
    finally:
        close = getattr(runner.projection, "close", None)
        if close is not None:
            close()
        runner.view.datastore.close()


def pull_anyway(runner: ProjectionRunner[Any, Any]) -> None:
    """The library's subscription reads new events when a NOTIFY arrives, and starts its
    LISTEN in a thread beside its first read: an event committed between the two waited for
    the next event, however long (seen as a view stuck one event behind under load). So it
    reads once a second anyway: one small query when there is nothing new."""
    # Private parts of eventsourcing 9.5 (pinned); if they move, this does nothing.
    application_subscription = getattr(runner, "_subscription", None)
    recorder_subscription = getattr(application_subscription, "subscription", None)
    notified = getattr(recorder_subscription, "_has_been_notified", None)
    if notified is not None:
        notified.set()


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
                    pull_anyway(runner)
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
