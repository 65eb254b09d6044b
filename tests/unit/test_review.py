"""Review before publication: pending, returned with comments, amended back to pending,
published; pledges recorded before review existed replay as published."""

from __future__ import annotations

import json
from uuid import uuid4

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.amendments import amendments_in
from domain.errors import (
    InvalidPledgeError,
    NotAllowedError,
    NotPendingError,
    PledgeClosedError,
    PledgeNotFoundError,
)
from domain.pledge import Pledge
from domain.taxonomy import PledgeType, Review, Support
from domain.values import MatchOffer
from tests.factories import content
from tests.unit.builders import (
    OWNER,
    SECRETARIAT,
    TODAY,
    Command,
    amended,
    given,
    names,
    pledger,
    submitted,
    then_error,
    then_events,
    withdrawn,
)
from tests.unit.tracker import register, submit, tracker

PENDING = Review.PENDING


def published() -> Command:
    return lambda p: p.publish(SECRETARIAT)


def returned(comments: str = "Please add a baseline.") -> Command:
    return lambda p: p.return_for_revision(comments, SECRETARIAT)


def test_a_new_pledge_waits_for_review_and_the_secretariat_publishes_it() -> None:
    pledge = given(review=PENDING)
    assert pledge.review == Review.PENDING
    events = then_events(pledge, lambda p: p.publish(SECRETARIAT))
    assert names(events) == ["Published"]
    assert pledge.review == Review.PUBLISHED


def test_returned_with_comments_then_amended_is_pending_again() -> None:
    pledge = given(returned("Please add a baseline."), review=PENDING)
    assert (pledge.review, pledge.review_comments) == (Review.RETURNED, "Please add a baseline.")
    events = then_events(pledge, amended(content(title="With a baseline")))
    assert names(events) == ["Amended"]
    assert pledge.review == Review.PENDING


def test_amending_a_published_pledge_keeps_it_published() -> None:
    pledge = given(published(), review=PENDING)
    then_events(pledge, amended(content(title="A clearer title")))
    assert pledge.review == Review.PUBLISHED


def test_only_a_pending_pledge_is_published_or_returned() -> None:
    pledge = given(published(), review=PENDING)
    then_error(pledge, lambda p: p.publish(SECRETARIAT), NotPendingError, "is published")
    then_error(
        pledge, lambda p: p.return_for_revision("x", SECRETARIAT), NotPendingError, "published"
    )
    back = given(returned(), review=PENDING)
    then_error(back, lambda p: p.publish(SECRETARIAT), NotPendingError, "is returned")


def test_only_the_secretariat_reviews() -> None:
    pledge = given(review=PENDING)
    then_error(pledge, lambda p: p.publish(OWNER), NotAllowedError, "Only the Secretariat")
    then_error(
        pledge, lambda p: p.return_for_revision("Fine", OWNER), NotAllowedError, "Secretariat"
    )


def test_comments_are_required_and_bounded_text() -> None:
    pledge = given(review=PENDING)
    then_error(
        pledge,
        lambda p: p.return_for_revision("  ", SECRETARIAT),
        InvalidPledgeError,
        "comments: must not be empty",
    )
    then_error(
        pledge,
        lambda p: p.return_for_revision("a\x00b", SECRETARIAT),
        InvalidPledgeError,
        "comments: contains a control character",
    )
    then_error(
        pledge,
        lambda p: p.return_for_revision("x" * 5001, SECRETARIAT),
        InvalidPledgeError,
        "comments: must be at most",
    )


def test_another_pledger_cannot_offer_support_to_a_pledge_before_it_is_published() -> None:
    other = pledger()
    assert other.pledger_id is not None
    pledge = given(kind=PledgeType.MATCHING, review=PENDING)
    offer = MatchOffer(uuid4(), other.pledger_id, Support.TECHNICAL, "Advice", None, None, TODAY)
    then_error(pledge, lambda p: p.offer_match(offer, other), PledgeNotFoundError, pledge.reference)
    published_pledge = given(published(), kind=PledgeType.MATCHING, review=PENDING)
    events = then_events(published_pledge, lambda p: p.offer_match(offer, other))
    assert names(events) == ["MatchOffered"]


def test_a_withdrawn_pledge_is_not_returned_for_revision() -> None:
    pledge = given(withdrawn(), review=PENDING)
    then_error(pledge, lambda p: p.return_for_revision("x", SECRETARIAT), PledgeClosedError)


def test_the_setting_decides_whether_a_new_pledge_waits() -> None:
    for setting, expected in ((True, Review.PENDING), (False, Review.PUBLISHED)):
        app = tracker(review_pledges=setting)
        owner = register(app)
        assert app.get_pledge(submit(app, owner).id).review == expected


def test_a_pledge_stored_before_review_existed_replays_as_published() -> None:
    """A `Submitted` as events were stored until now (today's typed JSON, no `review`)."""
    app = tracker()
    owner = register(app)
    new = app.get_pledge(submit(app, owner).id)
    stored = app.mapper.to_stored_event(next(iter(app.events.get(new.id))))
    data = json.loads(stored.state)
    del data["review"]
    old_id = uuid4()
    app.recorder.insert_events(
        [
            StoredEvent(
                originator_id=old_id,
                originator_version=1,
                topic=get_topic(Pledge.Submitted),
                state=json.dumps(data).encode(),
            )
        ]
    )
    old = app.get_pledge(old_id)
    assert old.review == Review.PUBLISHED
    assert old.reference == new.reference


def test_the_public_reads_the_amendments_made_after_publication_only() -> None:
    pledge = submitted(review=PENDING)
    returned()(pledge)
    amended(content(title="Revised as asked"))(pledge)
    published()(pledge)
    amended(content(title="Changed once public"))(pledge)
    events = pledge.collect_events()
    assert [a.version for a in amendments_in(events)] == [3, 5]
    assert [a.version for a in amendments_in(events, public=True)] == [5]


def test_a_pledge_recorded_before_review_shows_all_its_amendments() -> None:
    pledge = submitted()  # published from its submission: no Published event
    amended(content(title="Changed once public"))(pledge)
    assert [a.version for a in amendments_in(pledge.collect_events(), public=True)] == [2]
