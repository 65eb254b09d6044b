"""Events are stored as plain JSON typed by their classes, read back exactly, and events
stored in the library's earlier format still read back the same."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent

from domain.application import PledgeTracker
from domain.pledger import Pledger, PledgeReference
from domain.taxonomy import Category, PledgeType, ReminderKind, Review, Role, Support
from domain.values import Actor, IndicatorValue, Money
from infrastructure.mapper import CODEC_ENV
from tests.factories import DEADLINE, content
from tests.unit.builders import (
    AFTER_GRACE,
    OWNER,
    SECRETARIAT,
    amended,
    deadline_extended,
    fulfilled,
    lapsed,
    matched,
    partner_joined,
    progress_reported,
    reinstated,
    reminder_sent,
    submitted,
    withdrawn,
)
from tests.unit.tracker import tracker

REACHED = (IndicatorValue("migrants reached", Decimal("12.50")),)


def every_kind_of_event() -> list[Any]:
    """Each event class of the domain at least once, with optional values set and unset."""
    common = submitted(PledgeType.COMMON, Review.PENDING)
    common.return_for_revision("Please add a baseline.", SECRETARIAT)
    b, c, d = (Actor(str(uuid4()), Role.PLEDGER) for _ in range(3))
    for iid, who in ((UUID(int=1), b), (UUID(int=2), c), (UUID(int=3), d)):
        common.invite_partner(iid, UUID(who.id), "Org", "Venues", SECRETARIAT, date(2027, 6, 1))
    common.invite_partner(
        UUID(int=4), None, "Not registered", "Rooms", SECRETARIAT, date(2027, 6, 1)
    )
    common.accept_invitation(UUID(int=1), None, b, date(2027, 6, 1))
    common.refuse_invitation(UUID(int=2), None, "", c)
    common.withdraw_invitation(UUID(int=3), "Changed plans", SECRETARIAT)
    common.leave(UUID(b.id), "Funding ended", b, date(2027, 6, 1))
    for fact in (
        partner_joined(),
        progress_reported(indicators=REACHED),
        amended(content(type=PledgeType.COMMON, financial=None)),
        reminder_sent(ReminderKind.OVERDUE),
        lapsed(),
        reinstated(),
        deadline_extended(AFTER_GRACE + timedelta(days=800)),
        withdrawn(),
    ):
        fact(common)
    matching = submitted(PledgeType.MATCHING, Review.PENDING)
    matching.publish(SECRETARIAT)
    matched()(matching)
    matching.match(uuid4(), Support.TECHNICAL, "Experts", None, SECRETARIAT, date(2027, 6, 1))
    fulfilled()(matching)
    pledger = Pledger.register(
        name="City of Lisbon",
        category=Category.LOCAL_REGIONAL_GOVERNMENT,
        country="PRT",
        gcm_champion=False,
        actor=SECRETARIAT,
    )
    pledger.update("Lisboa", Category.LOCAL_REGIONAL_GOVERNMENT, None, False, SECRETARIAT)
    index = PledgeReference(reference="GCM-2026-0001", pledge_id=uuid4())
    return [
        *common.collect_events(),
        *matching.collect_events(),
        *pledger.collect_events(),
        *index.collect_events(),
    ]


def library_mapper() -> Mapper[Any]:
    """The mapper the library builds by default, with this domain's transcodings: the
    format events had before the typed one."""
    transcoder = {"TRANSCODER_TOPIC": CODEC_ENV["TRANSCODER_TOPIC"]}
    app = PledgeTracker({"PERSISTENCE_MODULE": "eventsourcing.popo", **transcoder})
    return Mapper(transcoder=app.construct_transcoder())


def same(a: Any, b: Any, legacy: bool = False) -> bool:
    """Equal, and every value of the same type (a date is not a string, a tuple no list).
    The library's format gave an event's own tuple fields back as lists and its enum fields
    as their strings (equal to the enum), as it still does: `legacy` allows for that."""
    if legacy and isinstance(a, list) and isinstance(b, tuple):
        a = tuple(a)
    if legacy and type(a) is str and isinstance(b, Enum):
        return a == b.value
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], legacy) for k in a)
    if isinstance(a, list | tuple):
        pairs = zip(a, b, strict=True)
        return len(a) == len(b) and all(same(x, y, legacy) for x, y in pairs)
    if dataclasses.is_dataclass(a):
        return same(vars(a), vars(b))
    return bool(a == b)


def test_every_event_reads_back_exactly_as_it_was_written() -> None:
    mapper = tracker().mapper
    events = every_kind_of_event()
    assert len({type(e) for e in events}) == 20
    for original in events:
        restored = mapper.to_domain_event(mapper.to_stored_event(original))
        assert same(vars(restored), vars(original)), type(original).__name__


def test_events_are_stored_as_plain_json_without_type_wrappers() -> None:
    mapper = tracker().mapper
    for original in every_kind_of_event():
        stored = mapper.to_stored_event(original)
        assert b"_type_" not in stored.state
        data = json.loads(stored.state)
        assert "originator_id" not in data and "originator_version" not in data
    report = next(e for e in every_kind_of_event() if type(e).__name__ == "ProgressReported")
    data = json.loads(mapper.to_stored_event(report).state)
    assert data["as_of"] == report.as_of.isoformat()
    assert data["indicators"] == [{"indicator": "migrants reached", "value": "12.50"}]
    assert data["actor"] == {"id": OWNER.id, "role": "pledger"}


def test_events_stored_in_the_librarys_format_read_back_the_same() -> None:
    old, new = library_mapper(), tracker().mapper
    for original in every_kind_of_event():
        stored = old.to_stored_event(original)
        assert b'"_type_"' in stored.state
        restored = vars(new.to_domain_event(stored))
        assert same(restored, vars(original), legacy=True), type(original).__name__


def test_a_pledge_written_before_the_typed_format_loads_and_takes_new_events() -> None:
    app = tracker()
    pledge = submitted()
    progress_reported()(pledge)
    old = library_mapper()
    app.recorder.insert_events([old.to_stored_event(e) for e in pledge.collect_events()])
    app.report_progress(pledge.id, date(2027, 6, 1), 60, "Later", REACHED, OWNER)
    loaded = app.get_pledge(pledge.id)
    assert (loaded.version, loaded.report_count, loaded.percent_complete) == (3, 2, 60)
    assert [h.type for h in app.history(pledge.id)] == [
        "Submitted",
        "ProgressReported",
        "ProgressReported",
    ]


def test_history_is_not_checked_again_against_todays_rules() -> None:
    """A pledge stored with content that a later rule would refuse still reads back."""
    mapper = tracker().mapper
    original = submitted().collect_events()[0]
    stored = mapper.to_stored_event(original)
    data = json.loads(stored.state)
    data["content"]["description"] = "Too short for today's rule"
    data["content"]["financial"]["amount"] = "0"
    changed = dataclasses.replace(stored, state=json.dumps(data).encode())
    restored: Any = mapper.to_domain_event(changed)
    assert restored.content.description == "Too short for today's rule"
    assert restored.content.financial.amount == Decimal("0")
    assert type(restored.content.financial) is Money


def test_a_stored_event_that_does_not_match_its_class_is_a_clear_error() -> None:
    mapper = tracker().mapper
    stored = mapper.to_stored_event(submitted().collect_events()[0])
    data = json.loads(stored.state)
    data["deadline"] = "not a date"
    broken = dataclasses.replace(stored, state=json.dumps(data).encode())
    with pytest.raises(MapperDeserialisationError, match=r"Submitted .* does not match"):
        mapper.to_domain_event(broken)


class Note(Aggregate):
    """An aggregate with a field of no fixed type: its events keep the library's format."""

    @event("Written")
    def __init__(self, anything: Any) -> None:
        self.anything = anything


def test_a_field_of_no_fixed_type_keeps_the_self_describing_format() -> None:
    mapper = tracker().mapper
    note = Note(anything=DEADLINE + timedelta(days=1))
    stored = mapper.to_stored_event(note.collect_events()[0])
    assert b'"_type_"' in stored.state
    assert mapper.to_domain_event(stored).anything == DEADLINE + timedelta(days=1)  # type: ignore[attr-defined]


def test_snapshots_keep_the_self_describing_format() -> None:
    app = tracker()
    assert isinstance(app, Application)
    pledge = submitted()
    app.save(pledge)
    app.take_snapshot(pledge.id)
    assert app.snapshots is not None
    stored: StoredEvent = app.snapshots.recorder.select_events(pledge.id)[0]
    assert b'"_type_"' in stored.state
    assert app.get_pledge(pledge.id).content == pledge.content


@pytest.mark.parametrize("format", ["typed", "library"])
def test_a_fulfilment_stored_before_its_explanation_reads_with_none(format: str) -> None:
    """`Fulfilled.explanation` came later: events stored without it still load and read."""
    app = tracker()
    pledge = submitted()
    fulfilled()(pledge)
    mapper = app.mapper if format == "typed" else library_mapper()
    rows = []
    for original in pledge.collect_events():
        stored = mapper.to_stored_event(original)
        data = json.loads(stored.state)
        data.pop("explanation", None)  # as it was stored before the field existed
        state = json.dumps(data, separators=(",", ":")).encode()
        rows.append(dataclasses.replace(stored, state=state))
    app.recorder.insert_events(rows)
    loaded = app.get_pledge(pledge.id)
    assert (loaded.status.value, loaded.closing_note) == ("fulfilled", "All centres open")
    last = app.history(pledge.id)[-1]
    assert last.type == "Fulfilled" and last.data.get("explanation", "") == ""
