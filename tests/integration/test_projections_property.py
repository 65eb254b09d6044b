"""Random sequences of valid and invalid commands: afterwards, every projection equals a
recomputation from the event store."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.taxonomy import Category, PledgeType, Role, Support
from domain.values import SYSTEM, Actor, IndicatorValue, Money
from infrastructure.container import Container
from infrastructure.database import Database
from projections.listing import Filters
from tests.conftest import make_container, reset
from tests.factories import content
from tests.integration.recompute import (
    all_aggregates,
    assert_dashboard_matches,
    expected_counts,
    expected_details,
    expected_summary,
    wait_caught_up,
)
from workers.projection_runner import start_projection_runners

TODAY = date(2026, 11, 22)
SECRETARIAT = Actor("token:property", Role.SECRETARIAT)
COMMANDS = [
    "submit",
    "partner",
    "match",
    "report",
    "fulfil",
    "withdraw",
    "lapse",
    "reinstate",
    "extend",
    "rename",
    "register",
    "publish",
    "return",
    "amend",
    "invite",
    "accept",
    "decline",
    "leave",
]
command = st.tuples(
    st.sampled_from(COMMANDS), st.integers(0, 50), st.integers(0, 50), st.integers(-400, 800)
)


def run(
    c: Container, step: tuple[str, int, int, int], pledgers: list[Any], refs: list[str]
) -> None:
    name, a, b, days = step
    pledger = pledgers[a % len(pledgers)]
    owner = Actor(str(pledger), Role.PLEDGER)
    ref = refs[b % len(refs)] if refs else "GCM-2026-9999"
    day = TODAY + timedelta(days=days)
    if name == "register":
        pledgers.append(
            c.app.register_pledger(
                f"Org {len(pledgers)}", list(Category)[a % 15], None, False, SECRETARIAT
            )
        )
    elif name == "rename":
        c.app.update_pledger(
            pledger, f"Renamed {a}", list(Category)[b % 15], None, False, SECRETARIAT
        )
    elif name == "submit":
        pledged = TODAY - timedelta(days=abs(days) + 1)
        kind = list(PledgeType)[b % 4]
        refs.append(
            c.app.submit(
                pledger,
                content(type=kind, objectives=(a % 23 + 1,)),
                pledged,
                pledged + timedelta(days=b * 20 + 1),
                owner,
            ).reference
        )
    elif name == "partner":
        c.app.add_partner(ref, pledger, "joins", SECRETARIAT)
    elif name == "match":
        c.app.match(
            ref, pledger, Support.FINANCIAL, "funds", Money(Decimal(a + 1), "EUR"), SECRETARIAT
        )
    elif name == "report":
        c.app.report_progress(
            ref,
            day,
            a * 3,
            "report",
            (IndicatorValue("migrants reached", Decimal(b)),),
            SECRETARIAT,
        )
    elif name == "fulfil":
        c.app.fulfil(ref, day, "done", SECRETARIAT)
    elif name == "withdraw":
        c.app.withdraw(ref, "changed plans", SECRETARIAT)
    elif name == "lapse":
        c.app.lapse(ref, "grace period passed", SYSTEM)
    elif name == "reinstate":
        c.app.reinstate(ref, day, "new plan", SECRETARIAT)
    elif name == "extend":
        c.app.extend_deadline(ref, day, "more time", SECRETARIAT)
    elif name == "publish":
        c.app.publish(ref, SECRETARIAT)
    elif name == "return":
        c.app.return_for_revision(ref, "revise", SECRETARIAT)
    elif name == "amend":
        revised = content(type=list(PledgeType)[a % 4], objectives=(b % 23 + 1,))
        c.app.amend(ref, revised, "revised", SECRETARIAT)
    else:
        consent(c, name, ref, pledger, a)


def consent(c: Container, name: str, ref: str, pledger: Any, a: int) -> None:
    """Partners by consent: invited (by the Secretariat), then the invited pledger's own
    answer, or a partner leaving."""
    if name == "invite":
        c.app.invite_partner(ref, uuid4(), pledger, "Org", "joins", SECRETARIAT)
        return
    pledge = c.app.get_pledge(ref)
    if name == "leave":
        if pledge.partners:
            gone = pledge.partners[a % len(pledge.partners)].pledger_id
            c.app.leave(ref, gone, "funding ended", SECRETARIAT)
        return
    waiting = [i for i in pledge.partner_invitations if i.state == "pending" and i.pledger_id]
    if waiting:
        invitation = waiting[a % len(waiting)]
        invited = Actor(str(invitation.pledger_id), Role.PLEDGER)
        if name == "accept":
            c.app.accept_invitation(ref, invitation.invitation_id, None, invited)
        else:
            c.app.refuse_invitation(ref, invitation.invitation_id, None, "no", invited)


def check_projections(c: Container) -> None:
    pledges, pledgers = all_aggregates(c)
    every_review_state = Filters(review=[])
    page = c.queries.list(every_review_state, TODAY, limit=1000, detailed=True)
    rows = {item["pledge_id"]: item for item in page.items}
    assert page.total == len(pledges) == len(rows)
    for p in pledges:
        expected = expected_summary(p, pledgers[p.pledger_id])
        assert {k: rows[p.id][k] for k in expected} == expected
        assert rows[p.id]["details"] == expected_details(c, p)
        assert rows[p.id]["overdue"] == p.is_overdue(TODAY)
    assert_dashboard_matches(
        c.views.dashboard.dashboard(TODAY), expected_counts(pledges, pledgers, TODAY)
    )
    assert c.queries.counts(Filters(), TODAY) == c.views.dashboard.dashboard(TODAY)
    due = {r["pledge_id"]: r for r in c.views.deadlines.deadline_before(date(2100, 1, 1))}
    assert set(due) == {p.id for p in pledges if p.final_status is None}
    for p in pledges:
        if p.id in due:
            assert (due[p.id]["deadline"], due[p.id]["status"]) == (p.deadline, p.status.value)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(command, min_size=5, max_size=40))
def test_projections_equal_a_recomputation_from_the_events(
    database: Database, tmp_path: Path, steps: list[tuple[str, int, int, int]]
) -> None:
    reset(database)
    with make_container(database, tmp_path, review_pledges=True) as c:
        c.app.today = lambda: TODAY
        pledgers = [
            c.app.register_pledger("First org", Category.CIVIL_SOCIETY, None, False, SECRETARIAT)
        ]
        refs: list[str] = []
        stop = threading.Event()
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            for step in steps:
                try:
                    run(c, step, pledgers, refs)
                except DomainError:
                    pass  # invalid commands must leave no trace in any projection
            wait_caught_up(c)
            check_projections(c)
        finally:
            stop.set()
            for runner in runners:
                runner.join(10)
