"""Effective dates: the pledge as of any day equals a pledge made of only the commands in
effect by then (each report by its own date, a fulfilment by its day, anything else by the
day it was recorded), given in the same order; every event has a day, whatever its type."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from domain.application import PledgeTracker
from domain.effective import effective_on
from domain.errors import PledgeNotFoundError
from domain.pledge import Pledge
from domain.values import Actor, IndicatorValue
from tests.factories import DEADLINE, PLEDGED_ON
from tests.unit.builders import TODAY
from tests.unit.tracker import register, submit, tracker

quick = settings(max_examples=40, database=None, deadline=None)
days = st.dates(min_value=PLEDGED_ON, max_value=TODAY)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("report"), days, st.integers(0, 100)),
        st.tuples(st.just("extend"), st.just(TODAY), st.integers(1, 400)),
    ),
    max_size=10,
)


def run(app: PledgeTracker, owner: Actor, step: tuple[str, date, int], n: int) -> None:
    kind, day, number = step
    if kind == "report":
        value = (IndicatorValue("migrants reached", Decimal(number * 3)),)
        app.report_progress("GCM-2026-0001", day, number, f"Report {n}", value, owner)
    elif kind == "extend":
        pledge = app.get_pledge("GCM-2026-0001")
        app.extend_deadline(
            pledge.id, pledge.deadline + timedelta(days=number), f"Extension {n}", owner
        )
    else:
        # Declared whatever the figures say: short of the targets it needs an explanation.
        explanation = "The rest was reached by a partner."
        app.fulfil("GCM-2026-0001", day, "Done.", owner, explanation=explanation)


def made(history: list[tuple[str, date, int]], only: list[int] | None = None) -> PledgeTracker:
    """The pledge and `history` (only the steps at these indexes, if given), in order."""
    app = tracker()
    owner = register(app)
    submit(app, owner, pledged_on=PLEDGED_ON, deadline=DEADLINE)
    for n, step in enumerate(history):
        if only is None or n in only:
            run(app, owner, step, n)
    return app


def state(app: PledgeTracker, pledge: Pledge, day: date) -> dict[str, Any]:
    reports = app.progress_reports(pledge.id, pledge.version, on=day)
    return {
        "status": pledge.status,
        "percent": pledge.percent_complete,
        "reports": [(r.as_of, r.percent_complete, r.narrative, r.indicators) for r in reports],
        "last_report_on": pledge.last_report_on,
        "latest_values": pledge.latest_values,
        "deadline": pledge.deadline,
        "fulfilled_on": pledge.fulfilled_on,
        "content": pledge.content,
    }


@quick
@for_all(steps, st.one_of(st.none(), days), st.dates(PLEDGED_ON - timedelta(days=40), TODAY))
def test_the_state_as_of_a_day_is_made_of_the_events_in_effect_by_then(
    history: list[tuple[str, date, int]], fulfilled_on: date | None, day: date
) -> None:
    if fulfilled_on is not None:
        history = [*history, ("fulfil", fulfilled_on, 0)]
    app = made(history)
    if day < PLEDGED_ON:
        with pytest.raises(PledgeNotFoundError):
            app.get_pledge_on("GCM-2026-0001", day)
        return
    # What took effect by `day`: reports and the fulfilment by their own dates, extensions
    # by the day they were recorded (the store's clock, not the tracker's TODAY).
    recorded = {
        e.version: e.recorded_at.astimezone(UTC).date() for e in app.history("GCM-2026-0001")
    }
    versions = [
        version
        for version, step in enumerate(history, start=2)
        if (recorded[version] if step[0] == "extend" else step[1]) <= day
    ]
    expected = made(history, [v - 2 for v in versions])
    then = app.get_pledge_on("GCM-2026-0001", day)
    want = expected.get_pledge("GCM-2026-0001")
    assert state(app, then, day) == state(expected, want, day)
    assert then.version == max(versions, default=1)


def test_every_event_has_a_day_even_one_the_table_does_not_name() -> None:
    app = made([("report", date(2026, 9, 1), 40), ("extend", TODAY, 30)])
    events: list[Any] = list(app.events.get(app.resolve("GCM-2026-0001")))
    recorded = events[2].timestamp.astimezone(UTC).date()
    assert [effective_on(e) for e in events] == [PLEDGED_ON, date(2026, 9, 1), recorded]
    pledger: Any = next(iter(app.events.get(app.get_pledge("GCM-2026-0001").pledger_id)))
    assert effective_on(pledger) == pledger.timestamp.astimezone(UTC).date()
