"""What reads answer: a pledge's public state, and (for the Secretariat) its history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.amendments import AmendmentOut, ChangeOut
from api.schemas.common import MoneyOut
from api.schemas.pledgers import PledgerSummary
from domain.taxonomy import (
    Form,
    Level,
    PledgeType,
    Principle,
    Region,
    ReminderKind,
    Review,
    Role,
    Status,
    Support,
)


class TargetOut(BaseModel):
    indicator: str
    baseline: str = Field(description="Decimal, as a string")
    target: str = Field(description="Decimal, as a string")
    unit: str


class IndicatorOut(BaseModel):
    indicator: str
    value: str = Field(description="Decimal, as a string")


class PartnerOut(BaseModel):
    pledger_id: UUID
    contribution: str
    joined_on: date


class MatchOut(BaseModel):
    pledger_id: UUID
    support: Support
    description: str
    amount: MoneyOut | None
    matched_on: date
    offer_id: UUID | None = Field(None, description="The accepted offer, if it came from one")
    pledge_id: UUID | None = Field(None, description="The offering pledger's own pledge, if any")


class SoughtOut(BaseModel):
    support: Support
    description: str
    amount: MoneyOut | None = None


class BalanceOut(BaseModel):
    currency: str
    sought: str = Field(description="Decimal, as a string")
    committed: str = Field(description="Decimal, as a string")
    remaining: str = Field(description="Sought minus committed (never below 0)")


class MatchOfferOut(BaseModel):
    id: UUID
    pledger_id: UUID
    support: Support
    description: str
    amount: MoneyOut | None
    pledge_id: UUID | None = Field(description="The offering pledger's own pledge, if named")
    offered_on: date
    state: str = Field(description="pending, accepted, declined or withdrawn")
    reason: str


class MatchGivenOut(BaseModel):
    """This pledge matches another (an accepted offer that named it)."""

    pledge_id: UUID
    reference: str
    title: str


class ProgressReportOut(BaseModel):
    version: int = Field(description="The pledge version this report created")
    as_of: date
    percent_complete: int
    narrative: str
    indicators: list[IndicatorOut]
    reported_by: str = Field(description="The reporting pledger's id, or a Secretariat actor")
    reporter_role: Role


class ReminderOut(BaseModel):
    kind: ReminderKind
    due_on: date
    sent_on: date


class PledgePublic(BaseModel):
    """A pledge as anyone may read it: no contact or other personal data."""

    id: UUID
    reference: str = Field(examples=["GCM-2026-0042"])
    version: int = Field(description="Also sent as the ETag")
    status: Status
    review: Review = Field(
        description="Review before publication; the public reads published pledges only"
    )
    review_comments: str = Field(
        description="The Secretariat's comments while the pledge is returned for revision"
    )
    overdue: bool = Field(description="Deadline passed and not in a final state")
    pledger_id: UUID
    pledger: PledgerSummary
    title: str
    description: str
    type: PledgeType
    forms: list[Form]
    objectives: list[int]
    principles: list[Principle]
    levels: list[Level]
    countries: list[str]
    region: Region
    language: str
    targets: list[TargetOut]
    financial: MoneyOut | None
    gcr_mirror: bool
    pledged_on: date
    deadline: date
    percent_complete: int = Field(description="From the latest progress report; 0 before any")
    partners: list[PartnerOut] = Field(description="Partners that joined (consented)")
    partner_invitations: list[InvitationOut] | None = Field(
        None,
        description="Invitations to partner and what became of them: for the owner and the "
        "Secretariat (an invited pledger sees its own); null in public reads",
    )
    matches: list[MatchOut]
    seeking: list[SoughtOut] = Field(description="What a matching pledge seeks")
    balances: list[BalanceOut] = Field(
        description="For a matching pledge: sought against committed, per currency"
    )
    matches_given: list[MatchGivenOut] = Field(
        description="The published matching pledges this pledge matches"
    )
    match_offers: list[MatchOfferOut] | None = Field(
        None, description="Offers of support: for the pledge's own pledger and the Secretariat"
    )
    progress_reports: list[ProgressReportOut]
    amendments: list[AmendmentOut] = Field(
        description="Each amendment: when, why, and what changed from what to what"
    )
    reminders: list[ReminderOut]
    fulfilled_on: date | None
    closing_note: str = Field(description="The fulfilment narrative, or why it lapsed or ended")
    recorded_at: datetime = Field(description="When the submission was recorded")
    modified_at: datetime = Field(description="When the latest event was recorded")


class InvitationOut(BaseModel):
    invitation_id: UUID
    pledger_id: UUID | None = Field(description="None for an organisation not yet registered")
    organisation: str
    contribution: str
    invited_on: date
    state: str = Field(description="pending, joined, declined or withdrawn")
    reason: str = Field(description="The reason given for declining or withdrawing")


class ActorOut(BaseModel):
    kind: str = Field(
        description="pledger, staff, token, command_line, system, sample_data, import or other"
    )
    id: str | int | None = Field(
        description="A pledger's id, a staff member's or token's number; null for the others"
    )
    role: Role
    name: str = Field(
        description="The pledger's name, the staff member's email, the token's name, or what"
        " the system actor is (for the Secretariat's eyes only)"
    )


class HistoryEntry(BaseModel):
    version: int
    type: str = Field(description="The event type", examples=["ProgressReported"])
    effective_on: date = Field(
        description="The day it took effect: a report's as_of, a fulfilment's day, the day it"
        " was pledged..., else the day it was recorded"
    )
    recorded_at: datetime = Field(description="When the store took it")
    actor: ActorOut | None
    data: dict[str, Any] = Field(
        description="What the event recorded besides its actor, as plain JSON: dates ISO,"
        " decimals as strings, codes as codes; beside a `pledger_id`, its `pledger_name`"
    )
    changes: list[ChangeOut] | None = Field(
        None, description="For an Amended event: what changed, from what to what"
    )


class History(BaseModel):
    """Every event of a pledge, oldest first, in the API's list shape."""

    items: list[HistoryEntry]
    next_cursor: str | None = Field(None, description="Always null: a history comes whole")
    total: int
