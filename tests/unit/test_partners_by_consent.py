"""Partners by consent: invited, then the invited pledger's own acceptance or refusal; the
owner withdraws; a partner leaves with a reason. Nobody answers on another's behalf."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.errors import (
    AlreadyPartnerError,
    InvalidPledgeError,
    InvitationError,
    NotAllowedError,
    NotPartnerableError,
    OwnPledgeError,
)
from domain.taxonomy import PledgeType, Status
from domain.values import Actor
from tests.unit.builders import (
    OWNER,
    OWNER_ID,
    SECRETARIAT,
    TODAY,
    Command,
    given,
    names,
    pledger,
    then_error,
    then_events,
)

IID = UUID("00000000-0000-4000-8000-0000000000aa")
B = pledger()


def invited(who: Actor | None = B, by: Actor = OWNER, iid: UUID = IID) -> Command:
    pledger_id = UUID(who.id) if who else None
    return lambda p: p.invite_partner(iid, pledger_id, "City of B", "Venues", by, TODAY)


def accepted(by: Actor = B, invitee: UUID | None = None) -> Command:
    return lambda p: p.accept_invitation(IID, invitee, by, TODAY)


def test_an_invited_pledger_is_no_partner_until_it_accepts() -> None:
    pledge = given(invited())
    assert pledge.partners == []
    assert pledge.status == Status.SUBMITTED
    assert [i.state for i in pledge.partner_invitations] == ["pending"]
    then_error(
        given(invited()),
        lambda p: p.report_progress(TODAY, 10, "Started", (), B, TODAY),
        NotAllowedError,
        "can report",
    )
    events = then_events(pledge, accepted())
    assert names(events) == ["PartnerJoined"]
    assert events[0].invitation_id == IID and events[0].contribution == "Venues"
    assert pledge.is_partner(B.pledger_id) and pledge.status == Status.PARTNERED
    assert [i.state for i in pledge.partner_invitations] == ["joined"]


@pytest.mark.parametrize("who", [OWNER, SECRETARIAT, pledger()], ids=["owner", "secr", "other"])
def test_nobody_answers_on_the_invited_pledgers_behalf(who: Actor) -> None:
    then_error(given(invited()), accepted(by=who), NotAllowedError, "Only the invited pledger")
    refuse: Command = lambda p: p.refuse_invitation(IID, None, "No", who)  # noqa: E731
    then_error(given(invited()), refuse, NotAllowedError, "Only the invited pledger")


def test_a_refusal_declines_and_the_answer_is_final() -> None:
    pledge = given(invited())
    events = then_events(pledge, lambda p: p.refuse_invitation(IID, None, "No budget", B))
    assert names(events) == ["PartnerDeclined"] and events[0].reason == "No budget"
    then_error(pledge, accepted(), InvitationError, "no longer pending", "declined")


def test_only_the_owner_or_the_secretariat_withdraws() -> None:
    withdraw: Command = lambda p: p.withdraw_invitation(IID, "Changed plan", B)  # noqa: E731
    then_error(given(invited()), withdraw, NotAllowedError, "own pledger")
    pledge = given(invited())
    events = then_events(pledge, lambda p: p.withdraw_invitation(IID, "Changed plan", OWNER))
    assert names(events) == ["PartnerInvitationWithdrawn"]
    then_error(pledge, accepted(), InvitationError, "withdrawn")


def test_an_emailed_invitation_is_answered_by_the_pledger_it_was_bound_to() -> None:
    c = pledger()
    pledge = given(invited(who=None))
    assert pledge.partner_invitations[0].pledger_id is None
    then_error(given(invited(who=None)), accepted(by=c), NotAllowedError, "invited")
    then_error(given(invited(who=None)), accepted(by=B, invitee=UUID(c.id)), NotAllowedError)
    events = then_events(pledge, accepted(by=c, invitee=UUID(c.id)))
    assert events[0].pledger_id == UUID(c.id)


def test_the_rules_of_partnering_hold_for_invitations() -> None:
    then_error(given(kind=PledgeType.INDIVIDUAL), invited(), NotPartnerableError, "individual")
    then_error(given(), invited(who=OWNER), OwnPledgeError, "own pledge")
    then_error(given(invited()), invited(iid=uuid4()), AlreadyPartnerError, "already invited")
    then_error(given(invited(), accepted()), invited(iid=uuid4()), AlreadyPartnerError)
    then_error(
        given(),
        lambda p: p.invite_partner(IID, None, " ", "x", OWNER, TODAY),
        InvalidPledgeError,
        "organisation",
    )
    then_error(
        given(),
        lambda p: p.add_partner(UUID(B.id), "x", OWNER, TODAY),
        NotAllowedError,
        "Only the Secretariat",
    )
    assert OWNER_ID


def test_a_partner_leaves_with_a_reason_and_only_itself() -> None:
    pledge = given(invited(), accepted())
    then_error(
        given(invited(), accepted()),
        lambda p: p.leave(UUID(B.id), "x", OWNER, TODAY),
        NotAllowedError,
        "partner itself",
    )
    then_error(
        given(invited(), accepted()),
        lambda p: p.leave(UUID(B.id), " ", B, TODAY),
        InvalidPledgeError,
        "reason",
    )
    events = then_events(pledge, lambda p: p.leave(UUID(B.id), "Funding ended", B, TODAY))
    assert names(events) == ["PartnerLeft"] and events[0].reason == "Funding ended"
    assert pledge.partners == [] and pledge.status == Status.SUBMITTED


def test_a_pledge_amended_to_a_type_without_partners_can_no_longer_be_joined() -> None:
    from tests.factories import content

    alone: Command = lambda p: p.amend(content(type=PledgeType.INDIVIDUAL), "Alone", OWNER)  # noqa: E731
    pledge = given(invited(), alone)
    then_error(pledge, accepted(), NotPartnerableError, "individual")
    assert names(then_events(pledge, lambda p: p.refuse_invitation(IID, None, "", B))) == [
        "PartnerDeclined"
    ]
