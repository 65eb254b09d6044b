"""The Pledge aggregate: what a pledge is and how it may change.

Public command methods check the rules against the current state and today's date,
then trigger one event; the ``@event`` bodies only apply what the event says, so
replaying history never re-checks rules that depended on the day it happened.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import bounds, partnering
from domain.amendments import content_changes
from domain.errors import (
    AlreadyPartnerError,
    DeadlineError,
    InvalidPledgeError,
    NotAllowedError,
    NotLapsableError,
    NotLapsedError,
    NotMatchableError,
    NotPartnerableError,
    NotPendingError,
    OfferAnsweredError,
    OfferNotFoundError,
    OwnPledgeError,
    PledgeClosedError,
    PledgeNotFoundError,
    ReminderAlreadySentError,
    ReportDateError,
)
from domain.partnering import PartnerInvitation
from domain.progress import unmet_targets
from domain.taxonomy import (
    FINAL_STATUSES,
    PledgeType,
    ReminderKind,
    Review,
    Role,
    Status,
    Support,
)
from domain.values import (
    TEXT_MAX,
    Actor,
    IndicatorValue,
    Match,
    MatchOffer,
    Money,
    Partner,
    PledgeContent,
    Reminder,
    checked_indicator,
)

IDEMPOTENCY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:gcm-pledges:idempotency")


def check_text(name: str, value: str, *, required: bool = True) -> str:
    """The text as it is to be recorded (domain/bounds.py), or an InvalidPledgeError."""
    return bounds.text(name, value, limit=TEXT_MAX, required=required)


def days_after(day: date, days: int) -> date | None:
    """`days` after `day`, or None past the calendar's last day (date.max)."""
    return day + timedelta(days=days) if days <= (date.max - day).days else None


def derive_status(
    final_status: str | None, reported: bool, partnered: bool, matched: bool
) -> Status:
    """submitted -> matched / partnered -> in_progress -> fulfilled | lapsed | withdrawn."""
    if final_status is not None:
        return Status(final_status)
    if reported:
        return Status.IN_PROGRESS
    if partnered:
        return Status.PARTNERED
    if matched:
        return Status.MATCHED
    return Status.SUBMITTED


class Pledge(Aggregate):
    # A tuple, replaced (never changed in place) by each event: a snapshot taken before
    # offers existed has no such attribute and reads this one. Not an annotation: the
    # library reads a subclass's annotations as its Created event's fields.
    match_offers = cast("tuple[MatchOffer, ...]", ())

    @staticmethod
    def id_for_idempotency_key(actor: Actor, key: str) -> UUID:
        """A retry with the same key from the same actor names the same pledge."""
        return uuid5(IDEMPOTENCY_NAMESPACE, f"{actor.role}:{actor.id}:{key}")

    @staticmethod
    def check_dates(pledged_on: date, deadline: date, today: date) -> None:
        """A submission's dates (checked before it is given a reference number)."""
        bounds.day("pledged_on", pledged_on)
        bounds.day("deadline", deadline)
        if pledged_on > today:
            raise InvalidPledgeError("pledged_on", "must not be in the future")
        if deadline <= pledged_on:
            raise InvalidPledgeError("deadline", f"must be after the pledge date {pledged_on}")

    @classmethod
    def submit(
        cls,
        *,
        id: UUID,
        reference: str,
        pledger_id: UUID,
        content: PledgeContent,
        pledged_on: date,
        deadline: date,
        actor: Actor,
        today: date,
        review: Review = Review.PENDING,
    ) -> Pledge:
        cls.check_dates(pledged_on, deadline, today)
        return cls._create(
            cls.Submitted,
            id=id,
            reference=reference,
            pledger_id=pledger_id,
            content=content,
            pledged_on=pledged_on,
            deadline=deadline,
            actor=actor,
            review=review,
        )

    class Submitted(Aggregate.Created):
        """Declared, not derived from `__init__`, for its default: the library's derived
        classes drop parameters' defaults, and a stored event must decode without it."""

        reference: str
        pledger_id: UUID
        content: PledgeContent
        pledged_on: date
        deadline: date
        actor: Actor
        # Pledges recorded before review existed were public on submission: a stored
        # `Submitted` without the field replays as published (infrastructure/schemas.py
        # fills a missing field with its default).
        review: Review = Review.PUBLISHED

    @event(Submitted)
    def __init__(
        self,
        reference: str,
        pledger_id: UUID,
        content: PledgeContent,
        pledged_on: date,
        deadline: date,
        actor: Actor,
        review: Review = Review.PUBLISHED,
    ) -> None:
        self.reference = reference
        self.pledger_id = pledger_id
        self.content = content
        self.pledged_on = pledged_on
        self.deadline = deadline
        self.submitted_by = actor
        self.partners: list[Partner] = []
        self.invitations: list[PartnerInvitation] = []
        self.matches: list[Match] = []
        # Reports themselves stay in the history (see PledgeTracker.progress_reports): the
        # state keeps only what the rules and lists need, so snapshots stay small.
        self.report_count = 0
        self.percent_complete = 0
        self.last_report_on: date | None = None
        self.latest_values: dict[str, Decimal] = {}
        self.reminders: list[Reminder] = []
        self.final_status: str | None = None
        self.fulfilled_on: date | None = None
        self.closing_note: str = ""
        self.review = Review(review)
        self.review_comments = ""  # the Secretariat's, while the pledge is returned

    def __deepcopy__(self, memo: dict[int, Any]) -> Pledge:
        """A command's own copy of a cached pledge: its lists and dicts are copied, and the
        immutable values in them (dates, decimals, domain/values.py) are shared. Python's
        generic deepcopy walked every value: a third of a millisecond per command."""
        copied = object.__new__(type(self))
        state = self.__dict__.copy()  # one C call: safe from a fast-forward in another thread
        copied.__dict__.update(
            {k: v.copy() if isinstance(v, list | dict) else v for k, v in state.items()}
        )
        memo[id(self)] = copied
        return copied

    # ---- derived state -------------------------------------------------------
    @property
    def status(self) -> Status:
        return derive_status(
            self.final_status, self.report_count > 0, bool(self.partners), bool(self.matches)
        )

    def is_overdue(self, today: date) -> bool:
        return self.status not in FINAL_STATUSES and self.deadline < today

    def visible_to(self, reader: Actor | None) -> bool:
        """Published pledges are public; before that, only their pledger, its partners and
        the Secretariat (or the system) may read one: to anyone else it does not exist."""
        if self.review == Review.PUBLISHED or (reader is not None and reader.role != Role.PLEDGER):
            return True
        return reader is not None and (
            reader.pledger_id == self.pledger_id
            or self.is_partner(reader.pledger_id)
            or self.is_invited(reader.pledger_id)
        )

    def is_invited(self, pledger_id: UUID | None) -> bool:
        """Invited and not yet answered: it reads the pledge to decide."""
        return any(
            i.pledger_id == pledger_id and i.state == partnering.PENDING
            for i in self.partner_invitations
        )

    @property
    def partner_invitations(self) -> list[PartnerInvitation]:
        """Invitations to partner, in order; a snapshot taken before they existed has none."""
        found: list[PartnerInvitation] = self.__dict__.get("invitations", [])
        return found

    def is_partner(self, pledger_id: UUID | None) -> bool:
        return any(p.pledger_id == pledger_id for p in self.partners)

    def reminder_sent(self, kind: ReminderKind, due_on: date) -> bool:
        return any(r.kind == kind and r.due_on == due_on for r in self.reminders)

    # ---- guards --------------------------------------------------------------
    def check_open(self) -> None:
        status = self.status
        if status == Status.LAPSED:
            raise PledgeClosedError(
                f"Pledge {self.reference} has lapsed: only the Secretariat can "
                "reinstate it, with a new deadline."
            )
        if status in FINAL_STATUSES:
            raise PledgeClosedError(
                f"Pledge {self.reference} is {status.value}: nothing can follow that."
            )

    def check_not_own(self, pledger_id: UUID, what: str) -> None:
        if pledger_id == self.pledger_id:
            raise OwnPledgeError(f"A pledger cannot {what} its own pledge {self.reference}.")

    def check_date_in_range(self, name: str, value: date, today: date) -> None:
        if value < self.pledged_on:
            raise ReportDateError(
                f"{name} {value} is before the pledge was made ({self.pledged_on})."
            )
        if value > today:
            raise ReportDateError(f"{name} {value} is in the future (today is {today}).")

    def check_owner(self, actor: Actor, what: str) -> None:
        """A pledger may `what` only its own pledges; the Secretariat and the scheduler any."""
        if actor.role == Role.PLEDGER and actor.pledger_id != self.pledger_id:
            raise NotAllowedError(
                f"Only the pledge's own pledger or the Secretariat can {what} it."
            )

    def check_may_report(self, actor: Actor) -> None:
        if (
            actor.role == Role.PLEDGER
            and actor.pledger_id != self.pledger_id
            and not self.is_partner(actor.pledger_id)
        ):
            raise NotAllowedError(
                f"Only the pledger or a partner of {self.reference} can report on it."
            )

    def check_indicators(self, indicators: tuple[IndicatorValue, ...]) -> None:
        known = self.content.target_indicators
        for i, item in enumerate(indicators):
            if item.indicator not in known:
                raise InvalidPledgeError(
                    f"indicators[{i}].indicator",
                    f"{item.indicator!r} is not one of this pledge's targets "
                    f"({', '.join(sorted(known)) or 'it has none'})",
                )

    # ---- commands ------------------------------------------------------------
    def amend(self, content: PledgeContent, reason: str, actor: Actor) -> None:
        self.check_owner(actor, "amend")
        self.check_open()
        reason = check_text("reason", reason)
        if not content_changes(self.content, content):
            raise InvalidPledgeError(
                "changes", "this amendment changes nothing (the pledge already says all that)"
            )
        if content.type != self.content.type and (self.partners or self.matches):
            raise NotPartnerableError(
                "The type of a pledge with partners or matches cannot change."
            )
        self._amended(content=content, reason=reason, actor=actor)

    @event("Amended")
    def _amended(self, content: PledgeContent, reason: str, actor: Actor) -> None:
        self.content = content
        if self.review == Review.RETURNED:  # revised as asked: back in the review queue
            self.review = Review.PENDING

    # ---- review before publication -------------------------------------------
    def check_pending(self, actor: Actor, what: str) -> None:
        if actor.role != Role.SECRETARIAT:
            raise NotAllowedError(f"Only the Secretariat can {what} a pledge.")
        if self.review != Review.PENDING:
            raise NotPendingError(
                f"Only a pledge pending review can be {what}ed; {self.reference} is "
                f"{self.review.value}."
            )

    def publish(self, actor: Actor) -> None:
        self.check_pending(actor, "publish")
        self._published(actor=actor)

    @event("Published")
    def _published(self, actor: Actor) -> None:
        self.review = Review.PUBLISHED
        self.review_comments = ""

    def return_for_revision(self, comments: str, actor: Actor) -> None:
        self.check_pending(actor, "return")
        self.check_open()  # a closed pledge cannot be amended: returning it would lead nowhere
        comments = check_text("comments", comments)
        self._returned_for_revision(comments=comments, actor=actor)

    @event("ReturnedForRevision")
    def _returned_for_revision(self, comments: str, actor: Actor) -> None:
        self.review = Review.RETURNED
        self.review_comments = comments

    def check_matchable(self, actor: Actor) -> None:
        if not self.visible_to(actor):  # not published: to another pledger, no such pledge
            raise PledgeNotFoundError(self.reference)
        self.check_open()
        if self.content.type != PledgeType.MATCHING:
            raise NotMatchableError(
                f"Only a matching pledge can be matched; {self.reference} is "
                f"{self.content.type.value}."
            )

    def match(
        self,
        pledger_id: UUID,
        support: Support,
        description: str,
        amount: Money | None,
        actor: Actor,
        today: date,
    ) -> None:
        """Support agreed elsewhere, recorded by the Secretariat (a pledger offers instead)."""
        if actor.role == Role.PLEDGER:
            raise NotAllowedError(
                "A pledger offers support (match-offers) and the pledge's owner accepts it; "
                "only the Secretariat records a match directly."
            )
        self.check_matchable(actor)
        self.check_not_own(pledger_id, "match")
        description = check_text("description", description)
        self._matched(
            pledger_id=pledger_id,
            support=support,
            description=description,
            amount=amount,
            matched_on=today,
            actor=actor,
        )

    class Matched(Aggregate.Event):
        """Declared for its defaults: a match recorded before offers existed has neither."""

        pledger_id: UUID
        support: Support
        description: str
        amount: Money | None
        matched_on: date
        actor: Actor
        offer_id: UUID | None = None
        pledge_id: UUID | None = None

    @event(Matched)
    def _matched(
        self,
        pledger_id: UUID,
        support: Support,
        description: str,
        amount: Money | None,
        matched_on: date,
        actor: Actor,
        offer_id: UUID | None = None,
        pledge_id: UUID | None = None,
    ) -> None:
        match = Match(
            pledger_id, Support(support), description, amount, matched_on, offer_id, pledge_id
        )
        self.matches.append(match)
        if offer_id is not None:
            self._offer_answered(offer_id, "accepted", "")

    # ---- match offers: another pledger offers, the owner answers ------------------
    def offer_match(self, offer: MatchOffer, actor: Actor) -> None:
        if actor.role != Role.PLEDGER or actor.pledger_id != offer.pledger_id:
            raise NotAllowedError(
                "A pledger offers support only as itself; the Secretariat records support "
                "agreed elsewhere as a match."
            )
        self.check_matchable(actor)
        self.check_not_own(offer.pledger_id, "offer support to")
        if offer.pledge_id == self.id:
            raise OwnPledgeError(f"A pledge cannot match itself ({self.reference}).")
        description = check_text("description", offer.description)
        self._match_offered(offer=dataclasses.replace(offer, description=description), actor=actor)

    @event("MatchOffered")
    def _match_offered(self, offer: MatchOffer, actor: Actor) -> None:
        self.match_offers = (*self.match_offers, offer)

    def pending_offer(self, offer_id: UUID) -> MatchOffer:
        offer = next((o for o in self.match_offers if o.id == offer_id), None)
        if offer is None:
            raise OfferNotFoundError(self.reference, offer_id)
        if offer.state != "pending":
            raise OfferAnsweredError(
                f"The offer to {self.reference} was already answered: it is {offer.state}."
            )
        return offer

    def check_answerer(self, actor: Actor) -> None:
        """Only the seeking pledge's own pledger answers an offer: nobody on its behalf."""
        if actor.role != Role.PLEDGER or actor.pledger_id != self.pledger_id:
            raise NotAllowedError(f"Only the pledger of {self.reference} can answer its offers.")

    def accept_offer(self, offer_id: UUID, actor: Actor, today: date) -> None:
        self.check_answerer(actor)
        self.check_open()
        offer = self.pending_offer(offer_id)
        self._matched(
            pledger_id=offer.pledger_id,
            support=offer.support,
            description=offer.description,
            amount=offer.amount,
            matched_on=today,
            actor=actor,
            offer_id=offer.id,
            pledge_id=offer.pledge_id,
        )

    def refuse_offer(self, offer_id: UUID, reason: str, actor: Actor) -> None:
        self.check_answerer(actor)
        self.check_open()
        self.pending_offer(offer_id)
        reason = check_text("reason", reason, required=False)
        self._match_declined(offer_id=offer_id, reason=reason, actor=actor)

    @event("MatchDeclined")
    def _match_declined(self, offer_id: UUID, reason: str, actor: Actor) -> None:
        self._offer_answered(offer_id, "declined", reason)

    def withdraw_offer(self, offer_id: UUID, reason: str, actor: Actor) -> None:
        offer = self.pending_offer(offer_id)
        if actor.role != Role.PLEDGER or actor.pledger_id != offer.pledger_id:
            raise NotAllowedError("Only the pledger that made an offer can withdraw it.")
        reason = check_text("reason", reason, required=False)
        self._match_offer_withdrawn(offer_id=offer_id, reason=reason, actor=actor)

    @event("MatchOfferWithdrawn")
    def _match_offer_withdrawn(self, offer_id: UUID, reason: str, actor: Actor) -> None:
        self._offer_answered(offer_id, "withdrawn", reason)

    def _offer_answered(self, offer_id: UUID, state: str, reason: str) -> None:
        self.match_offers = tuple(
            dataclasses.replace(o, state=state, reason=reason) if o.id == offer_id else o
            for o in self.match_offers
        )

    def add_partner(self, pledger_id: UUID, contribution: str, actor: Actor, today: date) -> None:
        """The Secretariat records a partnership agreed elsewhere; pledgers invite instead."""
        if actor.role == Role.PLEDGER:
            raise NotAllowedError(
                "Only the Secretariat adds a partner directly; a pledger invites one, "
                "who joins when its own contact accepts."
            )
        self.check_open()
        partnering.check_takes_partners(self.content.type, self.reference)
        self.check_not_own(pledger_id, "partner")
        if self.is_partner(pledger_id):
            raise AlreadyPartnerError(f"That pledger already partners {self.reference}.")
        contribution = check_text("contribution", contribution)
        self._partner_joined(
            pledger_id=pledger_id, contribution=contribution, joined_on=today, actor=actor
        )

    class PartnerJoined(Aggregate.Event):
        """Declared for its default: a partner added before invitations has none."""

        pledger_id: UUID
        contribution: str
        joined_on: date
        actor: Actor
        invitation_id: UUID | None = None

    @event(PartnerJoined)
    def _partner_joined(
        self,
        pledger_id: UUID,
        contribution: str,
        joined_on: date,
        actor: Actor,
        invitation_id: UUID | None = None,
    ) -> None:
        self.partners.append(Partner(pledger_id, contribution, joined_on))
        if invitation_id is not None:
            self.invitations = partnering.replaced(
                self.partner_invitations, invitation_id, partnering.JOINED
            )

    # ---- partners by consent (rules: domain/partnering.py) -------------------
    def invite_partner(
        self,
        invitation_id: UUID,
        pledger_id: UUID | None,
        organisation: str,
        contribution: str,
        actor: Actor,
        today: date,
    ) -> None:
        """Invite a registered pledger (`pledger_id`) or an organisation not yet registered
        (None: its focal point is written to outside the event store)."""
        self.check_owner(actor, "invite partners to")
        self.check_open()
        partnering.check_takes_partners(self.content.type, self.reference)
        if pledger_id is not None:
            self.check_not_own(pledger_id, "partner")
            if self.is_partner(pledger_id):
                raise AlreadyPartnerError(f"That pledger already partners {self.reference}.")
        partnering.check_not_invited(self.partner_invitations, pledger_id, self.reference)
        self._partner_invited(
            invitation_id=invitation_id,
            pledger_id=pledger_id,
            organisation=partnering.check_organisation(organisation),
            contribution=check_text("contribution", contribution),
            invited_on=today,
            actor=actor,
        )

    @event("PartnerInvited")
    def _partner_invited(
        self,
        invitation_id: UUID,
        pledger_id: UUID | None,
        organisation: str,
        contribution: str,
        invited_on: date,
        actor: Actor,
    ) -> None:
        invitation = PartnerInvitation(
            invitation_id, pledger_id, organisation, contribution, invited_on
        )
        self.invitations = [*self.partner_invitations, invitation]

    def accept_invitation(
        self, invitation_id: UUID, invitee: UUID | None, actor: Actor, today: date
    ) -> None:
        invitation = partnering.pending(self.partner_invitations, invitation_id)
        invited = partnering.check_invited(invitation, invitee, actor)
        self.check_open()
        # Amended to a type without partners since it was invited: it can only refuse now.
        partnering.check_takes_partners(self.content.type, self.reference)
        self.check_not_own(invited, "partner")
        if self.is_partner(invited):
            raise AlreadyPartnerError(f"That pledger already partners {self.reference}.")
        self._partner_joined(
            pledger_id=invited,
            contribution=invitation.contribution,
            joined_on=today,
            actor=actor,
            invitation_id=invitation_id,
        )

    def refuse_invitation(
        self, invitation_id: UUID, invitee: UUID | None, reason: str, actor: Actor
    ) -> None:
        invitation = partnering.pending(self.partner_invitations, invitation_id)
        invited = partnering.check_invited(invitation, invitee, actor)
        reason = check_text("reason", reason, required=False)
        self._partner_declined(
            invitation_id=invitation_id, pledger_id=invited, reason=reason, actor=actor
        )

    @event("PartnerDeclined")
    def _partner_declined(
        self, invitation_id: UUID, pledger_id: UUID, reason: str, actor: Actor
    ) -> None:
        self.invitations = partnering.replaced(
            self.partner_invitations, invitation_id, partnering.DECLINED, reason
        )

    def withdraw_invitation(self, invitation_id: UUID, reason: str, actor: Actor) -> None:
        self.check_owner(actor, "withdraw invitations to partner")
        partnering.pending(self.partner_invitations, invitation_id)
        reason = check_text("reason", reason, required=False)
        self._partner_invitation_withdrawn(invitation_id=invitation_id, reason=reason, actor=actor)

    @event("PartnerInvitationWithdrawn")
    def _partner_invitation_withdrawn(self, invitation_id: UUID, reason: str, actor: Actor) -> None:
        self.invitations = partnering.replaced(
            self.partner_invitations, invitation_id, partnering.WITHDRAWN, reason
        )

    def leave(self, pledger_id: UUID, reason: str, actor: Actor, today: date) -> None:
        """A partner leaves, with a reason: only the partner itself (or the Secretariat)."""
        if actor.role == Role.PLEDGER and actor.pledger_id != pledger_id:
            raise NotAllowedError("Only the partner itself can leave a pledge it partners.")
        if not self.is_partner(pledger_id):
            raise NotPartnerableError(f"That pledger does not partner {self.reference}.")
        self.check_open()
        reason = check_text("reason", reason)
        self._partner_left(pledger_id=pledger_id, reason=reason, left_on=today, actor=actor)

    @event("PartnerLeft")
    def _partner_left(self, pledger_id: UUID, reason: str, left_on: date, actor: Actor) -> None:
        self.partners = [p for p in self.partners if p.pledger_id != pledger_id]

    def report_progress(
        self,
        as_of: date,
        percent_complete: int,
        narrative: str,
        indicators: tuple[IndicatorValue, ...],
        actor: Actor,
        today: date,
    ) -> None:
        self.check_open()
        self.check_may_report(actor)
        bounds.day("as_of", as_of)
        self.check_date_in_range("The report date", as_of, today)
        if type(percent_complete) is not int or not 0 <= percent_complete <= 100:
            raise InvalidPledgeError("percent_complete", "must be between 0 and 100")
        narrative = check_text("narrative", narrative)
        indicators = tuple(
            checked_indicator(f"indicators[{i}]", item) for i, item in enumerate(indicators)
        )
        self.check_indicators(indicators)
        self._progress_reported(
            as_of=as_of,
            percent_complete=percent_complete,
            narrative=narrative,
            indicators=indicators,
            actor=actor,
        )

    @event("ProgressReported")
    def _progress_reported(
        self,
        as_of: date,
        percent_complete: int,
        narrative: str,
        indicators: tuple[IndicatorValue, ...],
        actor: Actor,
    ) -> None:
        self.report_count += 1
        self.percent_complete = percent_complete
        if self.last_report_on is None or as_of > self.last_report_on:
            self.last_report_on = as_of
        for item in indicators:
            self.latest_values[item.indicator] = item.value

    def fulfil(
        self, fulfilled_on: date, narrative: str, actor: Actor, today: date, explanation: str = ""
    ) -> None:
        self.check_owner(actor, "fulfil")
        self.check_open()
        bounds.day("fulfilled_on", fulfilled_on)
        self.check_date_in_range("The fulfilment date", fulfilled_on, today)
        narrative = check_text("narrative", narrative)
        explanation = check_text("explanation", explanation, required=False)
        unmet = unmet_targets(self.content.targets, self.latest_values)
        if unmet and not explanation.strip():
            short = "; ".join(
                f"{t.indicator}: {self.latest_values[t.indicator]} of {t.target}" for t in unmet
            )
            raise InvalidPledgeError(
                "explanation",
                f"targets not met ({short}): explain why the pledge is fulfilled all the same",
            )
        self._fulfilled(
            fulfilled_on=fulfilled_on, narrative=narrative, actor=actor, explanation=explanation
        )

    class Fulfilled(Aggregate.Event):
        """Declared, not made from the method: `explanation` came later, and an event stored
        before it reads with its default."""

        fulfilled_on: date
        narrative: str
        actor: Actor
        explanation: str = ""

    @event(Fulfilled)
    def _fulfilled(
        self, fulfilled_on: date, narrative: str, actor: Actor, explanation: str = ""
    ) -> None:
        self.final_status = Status.FULFILLED.value
        self.fulfilled_on = fulfilled_on
        self.closing_note = narrative

    def lapse(self, reason: str, grace_days: int, actor: Actor, today: date) -> None:
        self.check_open()
        if actor.role == Role.PLEDGER:
            raise NotAllowedError("Only the Secretariat or the scheduler can lapse a pledge.")
        ends = days_after(self.deadline, grace_days)
        if ends is None:  # a deadline stored before dates were bounded at entry
            raise NotLapsableError(
                f"Pledge {self.reference} cannot lapse: its deadline ({self.deadline}) plus "
                f"{grace_days} days of grace ends after the calendar's last day."
            )
        if today <= ends:
            raise NotLapsableError(
                f"Pledge {self.reference} cannot lapse before its deadline "
                f"({self.deadline}) plus {grace_days} days of grace has passed."
            )
        reason = check_text("reason", reason)
        self._lapsed(reason=reason, lapsed_on=today, actor=actor)

    @event("Lapsed")
    def _lapsed(self, reason: str, lapsed_on: date, actor: Actor) -> None:
        self.final_status = Status.LAPSED.value
        self.closing_note = reason

    def reinstate(self, deadline: date, reason: str, actor: Actor, today: date) -> None:
        if self.status != Status.LAPSED:
            raise NotLapsedError(
                f"Only a lapsed pledge can be reinstated; {self.reference} is {self.status.value}."
            )
        if actor.role != Role.SECRETARIAT:
            raise NotAllowedError("Only the Secretariat can reinstate a pledge.")
        bounds.day("deadline", deadline)
        if deadline <= today:
            raise DeadlineError(f"A reinstated pledge needs a deadline after today ({today}).")
        reason = check_text("reason", reason)
        self._reinstated(deadline=deadline, reason=reason, actor=actor)

    @event("Reinstated")
    def _reinstated(self, deadline: date, reason: str, actor: Actor) -> None:
        self.final_status = None
        self.deadline = deadline
        self.closing_note = ""

    def extend_deadline(self, deadline: date, reason: str, actor: Actor) -> None:
        self.check_owner(actor, "extend the deadline of")
        self.check_open()
        bounds.day("deadline", deadline)
        if deadline <= self.deadline:
            raise DeadlineError(
                f"A new deadline must be later than the current one ({self.deadline})."
            )
        reason = check_text("reason", reason)
        self._deadline_extended(deadline=deadline, reason=reason, actor=actor)

    @event("DeadlineExtended")
    def _deadline_extended(self, deadline: date, reason: str, actor: Actor) -> None:
        self.deadline = deadline

    def withdraw(self, reason: str, actor: Actor, today: date) -> None:
        self.check_owner(actor, "withdraw")
        self.check_open()
        reason = check_text("reason", reason)
        self._withdrawn(reason=reason, withdrawn_on=today, actor=actor)

    @event("Withdrawn")
    def _withdrawn(self, reason: str, withdrawn_on: date, actor: Actor) -> None:
        self.final_status = Status.WITHDRAWN.value
        self.closing_note = reason

    def record_reminder(
        self, kind: ReminderKind, due_on: date, recipients: int, actor: Actor, today: date
    ) -> None:
        self.check_open()
        if self.reminder_sent(kind, due_on):
            raise ReminderAlreadySentError(
                f"A {kind.value} reminder due {due_on} was already sent for {self.reference}."
            )
        note = "" if recipients else "no contacts on file: nobody was emailed"
        self._reminder_sent(
            kind=kind, due_on=due_on, sent_on=today, recipients=recipients, note=note, actor=actor
        )

    @event("ReminderSent")
    def _reminder_sent(
        self,
        kind: ReminderKind,
        due_on: date,
        sent_on: date,
        recipients: int,
        note: str,
        actor: Actor,
    ) -> None:
        self.reminders.append(Reminder(ReminderKind(kind), due_on, sent_on))


def event_data(domain_event: Any) -> dict[str, Any]:
    """The data an event carries besides its identity, time and actor."""
    skip = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor"}
    return {k: v for k, v in domain_event.__dict__.items() if k not in skip}
