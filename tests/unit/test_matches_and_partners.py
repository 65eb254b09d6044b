"""Only matching pledges are matched; only common and partnership pledges take partners;
nobody matches or partners its own pledge, nor joins twice."""

from __future__ import annotations

import pytest

from domain.errors import (
    AlreadyPartnerError,
    InvalidPledgeError,
    NotMatchableError,
    NotPartnerableError,
    OwnPledgeError,
)
from domain.pledge import Pledge
from domain.taxonomy import PledgeType, Status, Support
from tests.unit.builders import (
    OWNER,
    OWNER_ID,
    SECRETARIAT,
    TODAY,
    given,
    matched,
    names,
    partner_joined,
    pledger,
    then_error,
    then_events,
)


def test_given_a_matching_pledge_a_match_gives_matched_with_the_supporter() -> None:
    supporter = pledger()
    pledge = given(kind=PledgeType.MATCHING)
    events = then_events(pledge, matched(by=supporter))
    assert names(events) == ["Matched"]
    assert events[0].pledger_id == supporter.pledger_id
    assert events[0].support == Support.FINANCIAL
    assert events[0].matched_on == TODAY
    assert events[0].actor == SECRETARIAT  # who recorded it; pledgers offer instead
    assert pledge.status == Status.MATCHED
    assert [m.pledger_id for m in pledge.matches] == [supporter.pledger_id]


def test_given_a_match_a_second_supporter_may_match_too() -> None:
    pledge = given(matched(), kind=PledgeType.MATCHING)
    assert names(then_events(pledge, matched())) == ["Matched"]
    assert len(pledge.matches) == 2


@pytest.mark.parametrize("kind", [PledgeType.INDIVIDUAL, PledgeType.COMMON, PledgeType.PARTNERSHIP])
def test_given_a_pledge_that_is_not_matching_a_match_is_refused(kind: PledgeType) -> None:
    then_error(given(kind=kind), matched(), NotMatchableError, "Only a matching pledge", kind.value)


def test_a_pledger_cannot_match_its_own_pledge() -> None:
    then_error(given(kind=PledgeType.MATCHING), matched(by=OWNER), OwnPledgeError, "cannot match")


def test_a_match_needs_a_description() -> None:
    supporter = pledger()
    supporter_id = supporter.pledger_id
    assert supporter_id is not None

    def blank(pledge: Pledge) -> None:
        pledge.match(supporter_id, Support.TECHNICAL, "  ", None, SECRETARIAT, TODAY)

    then_error(given(kind=PledgeType.MATCHING), blank, InvalidPledgeError, "description", "empty")


@pytest.mark.parametrize("kind", [PledgeType.COMMON, PledgeType.PARTNERSHIP])
def test_given_a_common_or_partnership_pledge_a_partner_joins(kind: PledgeType) -> None:
    partner = pledger()
    pledge = given(kind=kind)
    events = then_events(pledge, partner_joined(by=partner))
    assert names(events) == ["PartnerJoined"]
    assert events[0].pledger_id == partner.pledger_id
    assert events[0].joined_on == TODAY
    assert pledge.status == Status.PARTNERED
    assert pledge.is_partner(partner.pledger_id)


def test_the_secretariat_may_add_a_partner_on_its_behalf() -> None:
    partner = pledger()
    assert partner.pledger_id is not None
    pledge = given()
    events = then_events(
        pledge, lambda p: p.add_partner(partner.pledger_id, "Venues", SECRETARIAT, TODAY)
    )
    assert events[0].actor == SECRETARIAT
    assert pledge.is_partner(partner.pledger_id)


@pytest.mark.parametrize("kind", [PledgeType.INDIVIDUAL, PledgeType.MATCHING])
def test_given_an_individual_or_matching_pledge_a_partner_is_refused(kind: PledgeType) -> None:
    then_error(
        given(kind=kind),
        partner_joined(),
        NotPartnerableError,
        "Only common and partnership pledges",
        kind.value,
    )


def test_a_pledger_cannot_partner_its_own_pledge() -> None:
    then_error(given(), partner_joined(by=OWNER), OwnPledgeError, "cannot partner")


def test_given_a_partner_joined_the_same_partner_cannot_join_twice() -> None:
    partner = pledger()
    then_error(
        given(partner_joined(by=partner)),
        partner_joined(by=partner),
        AlreadyPartnerError,
        "already partners",
    )


def test_given_a_partner_joined_another_partner_may_join() -> None:
    pledge = given(partner_joined())
    assert names(then_events(pledge, partner_joined())) == ["PartnerJoined"]
    assert len(pledge.partners) == 2
    assert not pledge.is_partner(OWNER_ID)
