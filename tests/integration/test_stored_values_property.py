"""Read models are total: events holding values at and beyond the edges of today's rules (as
if recorded long ago: NUL and control characters, texts of 10,000 characters, amounts of
1E+999999999 and NaN, dates from year 1 to 9999, percentages of 10**30), stored through the
application's recorder, are projected by every projection, on the live path (the runners)
and by a rebuild: each reaches the last event, and its rows say what the events say."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.rows import dict_row

from domain.pledge import Pledge
from domain.taxonomy import ReminderKind, Support
from domain.values import IndicatorValue, Target
from infrastructure.container import Container
from infrastructure.database import Database
from projections.listing import Filters
from projections.rebuild import rebuild
from projections.registry import PROJECTIONS
from tests.conftest import make_container, reset
from tests.integration.recompute import wait_caught_up
from tests.stored import History, content, money, registered
from workers.projection_runner import start_projection_runners

TODAY = date(2026, 11, 22)
INT32 = (-(2**31), 2**31 - 1)
TEXTS = st.one_of(
    st.text(max_size=20),  # any character but a lone surrogate, which UTF-8 cannot store
    st.sampled_from(["", "\x00", "NUL \x00 inside", "\x07\x1b[31m", "é" * 600, "x" * 10_000]),
)
DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            Decimal(s)
            for s in (
                "1e999999999",
                "-1e999999999",
                "1e-999999999",
                "1" * 10_000,
                "1e99",
                "1e100",
                "999999999999999.999",
                "0E-200",
                "-5",
            )
        ]
    ),
)
DATES = st.one_of(st.dates(), st.sampled_from([date.min, date.max, date(2018, 12, 9)]))
INTS = st.one_of(st.integers(-200, 200), st.sampled_from([-(2**31) - 1, 2**31, 10**30]))
CURRENCIES = st.one_of(st.sampled_from(["EUR", "JPY", "XAU"]), TEXTS)
STEPS = [
    "Amended",
    "Matched",
    "PartnerJoined",
    "ProgressReported",
    "Fulfilled",
    "Lapsed",
    "Reinstated",
    "DeadlineExtended",
    "Withdrawn",
    "ReminderSent",
]


@st.composite
def contents(draw: st.DrawFn) -> Any:
    financial = draw(st.none() | st.builds(money, DECIMALS, CURRENCIES))
    return content(
        title=draw(TEXTS),
        description=draw(TEXTS),
        objectives=tuple(draw(st.lists(INTS, max_size=3))),
        countries=tuple(draw(st.lists(TEXTS, max_size=2))),
        language=draw(TEXTS),
        targets=(Target(draw(TEXTS), draw(DECIMALS), draw(DECIMALS), draw(TEXTS)),),
        financial=financial,
    )


@st.composite
def histories(draw: st.DrawFn, pledger_id: UUID) -> History:
    history = History(uuid4()).add(
        "Submitted",
        reference=draw(TEXTS),
        pledger_id=pledger_id,
        content=draw(contents()),
        pledged_on=draw(DATES),
        deadline=draw(DATES),
    )
    for step in draw(st.lists(st.sampled_from(STEPS), max_size=5)):
        history.add(step, **draw(fields(step)))
    return history


def fields(step: str) -> st.SearchStrategy[dict[str, Any]]:
    one: dict[str, st.SearchStrategy[Any]] = {
        "Amended": st.fixed_dictionaries({"content": contents(), "reason": TEXTS}),
        "Matched": st.fixed_dictionaries(
            {
                "pledger_id": st.uuids(),
                "support": st.sampled_from(Support),
                "description": TEXTS,
                "amount": st.none() | st.builds(money, DECIMALS, CURRENCIES),
                "matched_on": DATES,
            }
        ),
        "PartnerJoined": st.fixed_dictionaries(
            {"pledger_id": st.uuids(), "contribution": TEXTS, "joined_on": DATES}
        ),
        "ProgressReported": st.fixed_dictionaries(
            {
                "as_of": DATES,
                "percent_complete": INTS,
                "narrative": TEXTS,
                "indicators": st.lists(st.builds(IndicatorValue, TEXTS, DECIMALS), max_size=2).map(
                    tuple
                ),
            }
        ),
        "Fulfilled": st.fixed_dictionaries(
            {"fulfilled_on": DATES, "narrative": TEXTS}, optional={"explanation": TEXTS}
        ),
        "Lapsed": st.fixed_dictionaries({"reason": TEXTS, "lapsed_on": DATES}),
        "Reinstated": st.fixed_dictionaries({"deadline": DATES, "reason": TEXTS}),
        "DeadlineExtended": st.fixed_dictionaries({"deadline": DATES, "reason": TEXTS}),
        "Withdrawn": st.fixed_dictionaries({"reason": TEXTS, "withdrawn_on": DATES}),
        "ReminderSent": st.fixed_dictionaries(
            {
                "kind": st.sampled_from(ReminderKind),
                "due_on": DATES,
                "sent_on": DATES,
                "recipients": INTS,
                "note": TEXTS,
            }
        ),
    }
    return one[step]


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[Any], list[History]]:
    pledgers = [registered(draw(TEXTS), draw(st.none() | TEXTS)) for _ in range(2)]
    ids = [p.originator_id for p in pledgers]
    pledges = [draw(histories(draw(st.sampled_from(ids)))) for _ in range(draw(st.integers(1, 4)))]
    return pledgers, pledges


def shown(text: str, limit: int) -> str:
    """What a text column holds (projections/bounded.py), written out again here."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("\x00", "\ufffd")


def in_numeric(value: Decimal) -> bool:
    exponent = value.as_tuple().exponent
    return value.is_finite() and -100 < value.adjusted() < 100 and int(exponent) > -100


def aggregate(history: History) -> Pledge:
    pledge: Any = None
    for event in history.events:
        pledge = event.mutate(pledge)
    return pledge  # type: ignore[no-any-return]


def check_summaries(c: Container, pledges: list[Pledge], names: dict[UUID, str]) -> None:
    with c.database.pool().connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        rows = {r["pledge_id"]: r for r in cur.execute("SELECT * FROM pledge_summaries")}
    assert set(rows) == {p.id for p in pledges}
    for p in pledges:
        row, content = rows[p.id], p.content
        assert row["reference"] == shown(p.reference, 100)
        assert (row["title"], row["description"]) == (
            shown(content.title, 500),
            shown(content.description, 20_000),
        )
        assert row["language"] == shown(content.language, 100)
        assert row["countries"] == [shown(x, 100) for x in content.countries]
        assert row["objectives"] == [o for o in content.objectives if INT32[0] <= o <= INT32[1]]
        assert (row["pledged_on"], row["deadline"]) == (p.pledged_on, p.deadline)
        assert (row["status"], row["version"]) == (p.status.value, p.version)
        assert row["percent_complete"] == max(INT32[0], min(INT32[1], p.percent_complete))
        assert row["reports"] == p.report_count and row["matches"] == len(p.matches)
        assert row["pledger_name"] == shown(names[p.pledger_id], 1_000)
        check_amount(row, content.financial)


def check_amount(row: dict[str, Any], financial: Any) -> None:
    if financial is None:
        assert (row["amount"], row["amount_text"], row["currency"]) == (None, None, None)
        return
    assert row["currency"] == shown(financial.currency, 100)
    if in_numeric(financial.amount):
        assert (row["amount"], row["amount_text"]) == (financial.amount, None)
    else:
        assert row["amount"] is None and 0 < len(row["amount_text"]) <= 60
        if len(str(financial.amount)) <= 60:
            assert row["amount_text"] == str(financial.amount)


def check_dashboard(c: Container, pledges: list[Pledge]) -> None:
    figures = c.views.dashboard.dashboard(TODAY)
    assert figures["totals"]["pledges"] == len(pledges)
    statuses: dict[str, int] = {}
    expected: dict[str, Decimal] = {}
    for p in pledges:
        statuses[p.status.value] = statuses.get(p.status.value, 0) + 1
        f = p.content.financial
        if f is not None and f.currency and in_numeric(f.amount):  # no currency: no money
            with localcontext(prec=300):
                key = shown(f.currency, 100)
                expected[key] = expected.get(key, Decimal(0)) + f.amount
    assert {k: v for k, v in figures["by_status"].items() if v} == statuses
    summed = {m["currency"]: Decimal(m["amount"]) for m in figures["financial"]}
    assert set(summed) <= set(expected)  # sums of zero are left out
    for currency, total in expected.items():  # the sums are computed 28 digits at a time
        assert abs(summed.get(currency, Decimal(0)) - total) <= abs(total) * Decimal("1e-20")


def check_deadlines(c: Container, pledges: list[Pledge]) -> None:
    open_rows = c.views.deadlines.deadline_between(date.min, date.max)
    assert {(r["pledge_id"], r["deadline"], r["status"]) for r in open_rows} == {
        (p.id, p.deadline, p.status.value) for p in pledges if p.final_status is None
    }


def check_all(c: Container, pledges: list[Pledge], names: dict[UUID, str]) -> None:
    head = c.app.recorder.max_notification_id()
    assert set(c.views.positions().values()) == {head}
    assert c.views.failing() == []
    check_summaries(c, pledges, names)
    check_dashboard(c, pledges)
    check_deadlines(c, pledges)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_every_stored_event_is_projected_live_and_by_a_rebuild(
    database: Database, tmp_path: Path, world: tuple[list[Any], list[History]]
) -> None:
    registrations, histories_ = world
    reset(database)
    with make_container(database, tmp_path) as c:
        c.app.save(*registrations, *(e for h in histories_ for e in h.events))
        pledges = [aggregate(h) for h in histories_]
        names = {r.originator_id: r.name for r in registrations}
        stop = threading.Event()
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            wait_caught_up(c, timeout=60)
        finally:
            stop.set()
            for runner in runners:
                runner.join(10)
        check_all(c, pledges, names)
        datastore = c.app.recorder.datastore  # type: ignore[attr-defined]
        for name in PROJECTIONS:
            rebuild(name, c.app, datastore, lambda _done, _head: None)
        check_all(c, pledges, names)


def test_values_no_event_store_holds_still_project_when_applied_directly(
    database: Database, tmp_path: Path
) -> None:
    """A lone surrogate cannot be stored as UTF-8, but the library's earlier format could
    restore one: applied to each view as the runner applies events, it becomes U+FFFD."""
    reset(database)
    with make_container(database, tmp_path) as c:
        pledger = registered("Half a pair \ud83d and NUL \x00")
        history = History(uuid4()).add(
            "Submitted",
            reference="GCM-2019-\udc00",
            pledger_id=pledger.originator_id,
            content=content(title="Lone \ud800 surrogate", countries=("P\udfffT",)),
            pledged_on=date.min,
            deadline=date.max,
        )
        events = [pledger, *history.events]
        for view in (c.views.summaries, c.views.dashboard, c.views.deadlines):
            view.apply(events, Tracking("Pledges", 2))
            assert view.max_tracking_id("Pledges") == 2
        [row] = c.queries.list(Filters(), TODAY).items
        assert (row["title"], row["reference"], row["countries"]) == (
            "Lone \ufffd surrogate",
            "GCM-2019-\ufffd",
            ["P\ufffdT"],
        )
        assert row["pledger_name"] == "Half a pair \ufffd and NUL \ufffd"
        assert c.views.dashboard.dashboard(TODAY)["totals"]["pledges"] == 1
        assert [r["deadline"] for r in c.views.deadlines.deadline_between(date.min, date.max)] == [
            date.max
        ]
