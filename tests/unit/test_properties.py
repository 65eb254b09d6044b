"""Properties over many histories: valid progress reports always leave the pledge in
progress at the last report's percentage; reminders are sent once per (kind, due date)."""

from __future__ import annotations

from datetime import date

from hypothesis import given as for_all
from hypothesis import settings
from hypothesis import strategies as st

from domain.errors import ReminderAlreadySentError
from domain.taxonomy import ReminderKind, Status
from tests.factories import DEADLINE, PLEDGED_ON
from tests.unit.builders import (
    OWNER,
    SECRETARIAT,
    TODAY,
    given,
    names,
    partner_joined,
    pledger,
    progress_reported,
    reminder_sent,
    replay,
    submitted,
)

reports = st.lists(
    st.tuples(
        st.integers(0, 100),
        st.dates(min_value=PLEDGED_ON, max_value=TODAY),
        st.sampled_from(["owner", "partner", "secretariat"]),
    ),
    min_size=1,
    max_size=30,
)
quick = settings(max_examples=75, database=None, deadline=None)


@quick
@for_all(reports)
def test_valid_progress_reports_keep_the_pledge_in_progress_at_the_last_percent(
    history: list[tuple[int, date, str]],
) -> None:
    partner = pledger()
    pledge = given(partner_joined(by=partner))
    who = {"owner": OWNER, "partner": partner, "secretariat": SECRETARIAT}
    for percent, as_of, reporter in history:
        progress_reported(percent=percent, as_of=as_of, by=who[reporter])(pledge)
        assert pledge.status == Status.IN_PROGRESS
        assert pledge.percent_complete == percent
    events = pledge.collect_events()
    assert names(events) == ["ProgressReported"] * len(history)
    assert [e.percent_complete for e in events] == [percent for percent, _, _ in history]
    assert pledge.last_report_on == max(as_of for _, as_of, _ in history)
    assert not pledge.is_overdue(TODAY)


@quick
@for_all(
    st.lists(
        st.tuples(
            st.sampled_from(list(ReminderKind)),
            st.dates(min_value=PLEDGED_ON, max_value=DEADLINE),
        ),
        max_size=25,
    )
)
def test_reminders_are_recorded_once_per_kind_and_due_date(
    attempts: list[tuple[ReminderKind, date]],
) -> None:
    pledge = submitted()
    sent: list[tuple[ReminderKind, date]] = []
    for kind, due_on in attempts:
        try:
            reminder_sent(kind, due_on)(pledge)
        except ReminderAlreadySentError:
            assert (kind, due_on) in sent
        else:
            assert (kind, due_on) not in sent
            sent.append((kind, due_on))
    events = pledge.collect_events()
    assert names(events) == ["Submitted"] + ["ReminderSent"] * len(sent)
    assert [(e.kind, e.due_on) for e in events[1:]] == sent
    assert sent == list(dict.fromkeys(attempts))
    assert [(r.kind, r.due_on) for r in replay(events).reminders] == sent
