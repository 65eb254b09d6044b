"""The service layer: each command loads a pledge, calls one method on it, and saves it."""

from __future__ import annotations

import dataclasses
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import RecordConflictError

from domain.errors import (
    ConcurrentModificationError,
    IdempotencyKeyReusedError,
    InvalidPledgeError,
    VersionConflictError,
)
from domain.pledge import Pledge
from domain.pledger import Pledger, PledgeReference, format_reference
from domain.queries import PledgeQueries
from domain.taxonomy import Category, ReminderKind, Review, Status, Support
from domain.values import Actor, IndicatorValue, MatchOffer, Money, PledgeContent

MAX_CONFLICT_RETRIES = 10


class ReferenceNumbers(Protocol):
    """Hands out pledge numbers that are never reused (a database sequence in production)."""

    def next_number(self, year: int) -> int: ...

    def reserve(self, year: int, number: int) -> None:
        """Numbers up to `number` are never handed out (references an import kept)."""


class InMemoryNumbers:
    def __init__(self) -> None:
        self._last: dict[int, int] = {}

    def next_number(self, year: int) -> int:
        self._last[year] = self._last.get(year, 0) + 1
        return self._last[year]

    def reserve(self, year: int, number: int) -> None:
        self._last[year] = max(self._last.get(year, 0), number)


@dataclass(frozen=True)
class CommandResult:
    id: UUID
    reference: str
    version: int
    status: Status
    position: int | None


def utc_today() -> date:
    return datetime.now(UTC).date()


class PledgeTracker(PledgeQueries, Application[UUID]):
    """Records pledges and their lifecycle in the event store.

    How events are stored (the mapper and the transcoder of the domain's values) comes from
    the environment the composition root gives (`MAPPER_TOPIC`, `TRANSCODER_TOPIC`: see
    infrastructure/mapper.py): the domain names no infrastructure."""

    name = "Pledges"
    snapshotting_intervals = {Pledge: 50}  # noqa: RUF012

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        numbers: ReferenceNumbers | None = None,
        today: Callable[[], date] = utc_today,
        lapse_grace_days: int = 90,
        review_pledges: bool = True,
    ) -> None:
        super().__init__(env)
        self.numbers = numbers or InMemoryNumbers()
        self.today = today
        self.lapse_grace_days = lapse_grace_days
        # REVIEW_PLEDGES: a new pledge waits for the Secretariat's review, or is public at once.
        self.review_pledges = review_pledges
        self.known_pledgers = set()

    # ---- pledgers ------------------------------------------------------------
    def register_pledger(
        self, name: str, category: Category, country: str | None, gcm_champion: bool, actor: Actor
    ) -> UUID:
        pledger = Pledger.register(
            name=name, category=category, country=country, gcm_champion=gcm_champion, actor=actor
        )
        self.save(pledger)
        return pledger.id

    def update_pledger(
        self,
        pledger_id: UUID,
        name: str,
        category: Category,
        country: str | None,
        gcm_champion: bool,
        actor: Actor,
    ) -> int:
        pledger = self.get_pledger(pledger_id)
        pledger.update(name, category, country, gcm_champion, actor)
        self.save(pledger)
        return pledger.version

    # ---- submission ----------------------------------------------------------
    def submit(
        self,
        pledger_id: UUID,
        content: PledgeContent,
        pledged_on: date,
        deadline: date,
        actor: Actor,
        idempotency_key: str | None = None,
    ) -> CommandResult:
        self.check_pledger(pledger_id)
        Pledge.check_dates(pledged_on, deadline, self.today())
        if idempotency_key is None:
            pledge_id = uuid4()
        else:
            pledge_id = Pledge.id_for_idempotency_key(actor, idempotency_key)
            earlier = self._earlier_submission(pledge_id, pledger_id, content, pledged_on, deadline)
            if earlier is not None:
                return earlier
        reference = format_reference(pledged_on.year, self.numbers.next_number(pledged_on.year))
        pledge = Pledge.submit(
            id=pledge_id,
            reference=reference,
            pledger_id=pledger_id,
            content=content,
            pledged_on=pledged_on,
            deadline=deadline,
            actor=actor,
            today=self.today(),
            review=Review.PENDING if self.review_pledges else Review.PUBLISHED,
        )
        try:
            recordings = self.save(pledge, PledgeReference.assigned(reference, pledge_id))
        except RecordConflictError:
            if idempotency_key is None:
                raise
            # A concurrent retry with the same key won the race: answer as it did.
            earlier = self._earlier_submission(pledge_id, pledger_id, content, pledged_on, deadline)
            if earlier is None:
                raise
            return earlier
        position = max(r.notification.id for r in recordings) if recordings else None
        return CommandResult(pledge.id, reference, pledge.version, pledge.status, position)

    def _earlier_submission(
        self,
        pledge_id: UUID,
        pledger_id: UUID,
        content: PledgeContent,
        pledged_on: date,
        deadline: date,
    ) -> CommandResult | None:
        try:
            first: Pledge = self.repository.get(pledge_id, version=1)
        except AggregateNotFoundError:
            return None
        same = (first.pledger_id, first.content, first.pledged_on, first.deadline) == (
            pledger_id,
            content,
            pledged_on,
            deadline,
        )
        if not same:
            raise IdempotencyKeyReusedError(
                "This Idempotency-Key was already used for a different pledge "
                f"({first.reference}); use a new key for a new pledge."
            )
        return CommandResult(
            first.id, first.reference, 1, Status.SUBMITTED, self.recorder.max_notification_id()
        )

    # ---- lifecycle commands ----------------------------------------------------
    def execute(
        self,
        pledge: UUID | str,
        command: Callable[[Pledge], None],
        expected_version: int | None = None,
    ) -> CommandResult:
        """Load, apply one command, save; without an expected version, retry on conflict."""
        for attempt in itertools.count(1):
            loaded = self.get_pledge(pledge)
            if expected_version is not None and loaded.version != expected_version:
                raise VersionConflictError(expected_version, loaded.version)
            command(loaded)
            try:
                recordings = self.save(loaded)
            except RecordConflictError:
                if expected_version is not None:
                    current = self.get_pledge(loaded.id).version
                    raise VersionConflictError(expected_version, current) from None
                if attempt >= MAX_CONFLICT_RETRIES:
                    raise ConcurrentModificationError(
                        f"Pledge {loaded.reference} kept changing while this command "
                        "ran; try again."
                    ) from None
                # Jittered backoff so that competing writers stop colliding in lockstep.
                time.sleep(random.uniform(0, 0.005 * attempt))  # noqa: S311
                continue
            position = max(r.notification.id for r in recordings) if recordings else None
            return CommandResult(
                loaded.id, loaded.reference, loaded.version, loaded.status, position
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def amend(
        self,
        pledge: UUID | str,
        content: PledgeContent | Callable[[PledgeContent], PledgeContent],
        reason: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        """`content` is the new content, or what makes it from the current one (changes)."""

        def amend(p: Pledge) -> None:
            p.amend(content(p.content) if callable(content) else content, reason, actor)

        return self.execute(pledge, amend, expected_version)

    def publish(
        self, pledge: UUID | str, actor: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self.execute(pledge, lambda p: p.publish(actor), expected_version)

    def return_for_revision(
        self,
        pledge: UUID | str,
        comments: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.return_for_revision(comments, actor), expected_version
        )

    def match(
        self,
        pledge: UUID | str,
        pledger_id: UUID,
        support: Support,
        description: str,
        amount: Money | None,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        self.check_pledger(pledger_id)
        return self.execute(
            pledge,
            lambda p: p.match(pledger_id, support, description, amount, actor, self.today()),
            expected_version,
        )

    def offer_match(
        self,
        pledge: UUID | str,
        offer: MatchOffer,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        """`offer` is dated here; its `pledge_id`, if any, must be one of the offering
        pledger's own pledges."""
        self.check_pledger(offer.pledger_id)
        if offer.pledge_id is not None:
            own = self.get_pledge(offer.pledge_id)
            if own.pledger_id != offer.pledger_id:
                raise InvalidPledgeError("pledge_id", "is not a pledge of the offering pledger")
        offer = dataclasses.replace(offer, offered_on=self.today())
        return self.execute(pledge, lambda p: p.offer_match(offer, actor), expected_version)

    def accept_offer(
        self, pledge: UUID | str, offer_id: UUID, actor: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.accept_offer(offer_id, actor, self.today()), expected_version
        )

    def refuse_offer(
        self,
        pledge: UUID | str,
        offer_id: UUID,
        reason: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.refuse_offer(offer_id, reason, actor), expected_version
        )

    def withdraw_offer(
        self,
        pledge: UUID | str,
        offer_id: UUID,
        reason: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.withdraw_offer(offer_id, reason, actor), expected_version
        )

    def add_partner(
        self,
        pledge: UUID | str,
        pledger_id: UUID,
        contribution: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        self.check_pledger(pledger_id)
        return self.execute(
            pledge,
            lambda p: p.add_partner(pledger_id, contribution, actor, self.today()),
            expected_version,
        )

    # ---- partners by consent (domain/partnering.py) -----------------------------
    def invite_partner(
        self,
        pledge: UUID | str,
        invitation_id: UUID,
        invited: UUID | None,
        organisation: str,
        contribution: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        if invited is not None:
            self.check_pledger(invited)
        return self.execute(
            pledge,
            lambda p: p.invite_partner(
                invitation_id, invited, organisation, contribution, actor, self.today()
            ),
            expected_version,
        )

    def accept_invitation(
        self, pledge: UUID | str, invitation_id: UUID, invitee: UUID | None, actor: Actor
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.accept_invitation(invitation_id, invitee, actor, self.today())
        )

    def refuse_invitation(
        self,
        pledge: UUID | str,
        invitation_id: UUID,
        invitee: UUID | None,
        reason: str,
        actor: Actor,
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.refuse_invitation(invitation_id, invitee, reason, actor)
        )

    def withdraw_invitation(
        self, pledge: UUID | str, invitation_id: UUID, reason: str, actor: Actor
    ) -> CommandResult:
        return self.execute(pledge, lambda p: p.withdraw_invitation(invitation_id, reason, actor))

    def leave(
        self, pledge: UUID | str, pledger_id: UUID, reason: str, actor: Actor
    ) -> CommandResult:
        return self.execute(pledge, lambda p: p.leave(pledger_id, reason, actor, self.today()))

    def report_progress(
        self,
        pledge: UUID | str,
        as_of: date,
        percent_complete: int,
        narrative: str,
        indicators: tuple[IndicatorValue, ...],
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.execute(
            pledge,
            lambda p: p.report_progress(
                as_of, percent_complete, narrative, indicators, actor, self.today()
            ),
            expected_version,
        )

    def fulfil(
        self,
        pledge: UUID | str,
        fulfilled_on: date,
        narrative: str,
        actor: Actor,
        expected_version: int | None = None,
        explanation: str = "",
    ) -> CommandResult:
        return self.execute(
            pledge,
            lambda p: p.fulfil(fulfilled_on, narrative, actor, self.today(), explanation),
            expected_version,
        )

    def withdraw(
        self, pledge: UUID | str, reason: str, actor: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.withdraw(reason, actor, self.today()), expected_version
        )

    def lapse(
        self, pledge: UUID | str, reason: str, actor: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self.execute(
            pledge,
            lambda p: p.lapse(reason, self.lapse_grace_days, actor, self.today()),
            expected_version,
        )

    def reinstate(
        self,
        pledge: UUID | str,
        deadline: date,
        reason: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.reinstate(deadline, reason, actor, self.today()), expected_version
        )

    def extend_deadline(
        self,
        pledge: UUID | str,
        deadline: date,
        reason: str,
        actor: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.extend_deadline(deadline, reason, actor), expected_version
        )

    def record_reminder(
        self, pledge: UUID | str, kind: ReminderKind, due_on: date, recipients: int, actor: Actor
    ) -> CommandResult:
        return self.execute(
            pledge, lambda p: p.record_reminder(kind, due_on, recipients, actor, self.today())
        )
