"""The pledge list and the dashboard, as read from the projections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field, ValidationError

from api.schemas.common import MoneyOut, field_path
from domain.taxonomy import (
    Category,
    Form,
    Level,
    PledgeType,
    Principle,
    Region,
    Review,
    Status,
)
from projections.listing import Filters

Objective = Annotated[int, Field(ge=1, le=23)]
RoundTable = Annotated[int, Field(ge=1, le=4)]
Country = Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")]


class ListFilters(BaseModel):
    """The list filters, one definition for GET /api/pledges, /api/dashboard and the exports
    (query parameters) and for the pages' filter form (api/pages/query.py)."""

    status: list[Status] | None = Field(None, description="Any of these statuses")
    objective: list[Objective] | None = Field(
        None, description="Any of these GCM objectives (1 to 23)"
    )
    category: list[Category] | None = Field(None, description="Pledger category")
    region: list[Region] | None = None
    country: list[Country] | None = Field(
        None, description="ISO 3166-1 alpha-3 country of implementation"
    )
    type: list[PledgeType] | None = None
    form: list[Form] | None = None
    level: list[Level] | None = None
    round_table: list[RoundTable] | None = Field(None, description="IMRF round table (1 to 4)")
    pledger: UUID | None = Field(None, description="Pledges it made or partners")
    overdue: bool | None = Field(None, description="Only overdue (true) or not (false)")
    q: str | None = Field(
        None,
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Words in the title, description, pledger or reference",
    )

    def filters(self) -> Filters:
        return Filters(
            status=[s.value for s in self.status or []],
            objective=self.objective or [],
            category=[c.value for c in self.category or []],
            region=[r.value for r in self.region or []],
            country=[c.upper() for c in self.country or []],
            type=[t.value for t in self.type or []],
            form=[f.value for f in self.form or []],
            level=[v.value for v in self.level or []],
            round_table=self.round_table or [],
            pledger=str(self.pledger) if self.pledger else None,
            overdue=self.overdue,
            q=self.q.strip() or None if self.q else None,
        )


class FilterError(ValueError):
    """A filter given outside the API (a page's query string), named as the API names it."""


def filters_of(given: dict[str, Any]) -> Filters:
    """The filters of a page's query string (names to their values), or FilterError."""
    try:
        return ListFilters.model_validate(given).filters()
    except ValidationError as error:
        first = error.errors()[0]
        raise FilterError(f"{field_path(first['loc'])}: {first['msg']}") from None


class PledgerRef(BaseModel):
    id: UUID
    name: str | None = Field(description="Organisation name (public data)")
    category: Category | None


class PledgeSummary(BaseModel):
    """One pledge in a list: what the dashboard and exports show of it."""

    id: UUID
    reference: str = Field(examples=["GCM-2026-0042"])
    title: str
    status: Status
    review: Review = Field(description="Review before publication (pending, returned, published)")
    overdue: bool = Field(description="Deadline passed and not in a final state")
    pledger: PledgerRef
    type: PledgeType
    forms: list[Form]
    objectives: list[int]
    round_tables: list[int] = Field(description="IMRF round tables its objectives fall in")
    principles: list[Principle]
    levels: list[Level]
    countries: list[str]
    region: Region
    language: str
    financial: MoneyOut | None
    gcr_mirror: bool
    pledged_on: date
    deadline: date
    percent_complete: int
    last_report_on: date | None
    reports: int = Field(description="Number of progress reports")
    matches: int
    partners: int
    fulfilled_on: date | None
    version: int
    submitted_at: datetime = Field(description="When the submission was recorded")
    updated_at: datetime = Field(description="When its latest event was recorded")
    last_effective_on: date | None = Field(
        None,
        description="The latest day one of its events took effect (a report's own date, the"
        " day it was pledged...): what `sort=-last_effective_on` orders by",
    )


class PledgeList(BaseModel):
    items: list[PledgeSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )
    total: int = Field(description="How many pledges match the filters")
    position: int = Field(description="The event position the list reflects")


def summary(item: dict[str, Any]) -> PledgeSummary:
    money = None
    if item["amount"] is not None:
        money = MoneyOut(amount=str(item["amount"]), currency=item["currency"])
    return PledgeSummary(
        id=item["pledge_id"],
        pledger=PledgerRef(
            id=item["pledger_id"], name=item["pledger_name"], category=item["category"]
        ),
        financial=money,
        **{k: v for k, v in item.items() if k in PledgeSummary.model_fields},
    )


class ObjectiveCount(BaseModel):
    objective: int
    label: str = Field(description="Short label for charts")
    title: str
    pledges: int
    underreported: bool = Field(description="Among the objectives with the fewest pledges")


class CurrencyTotal(BaseModel):
    currency: str
    amount: str = Field(description="Sum of pledged amounts, as a decimal string")
    pledges: int


class MonthCount(BaseModel):
    month: str = Field(examples=["2026-05"])
    submitted: int = Field(description="Pledges made that month (by their pledge date)")
    fulfilled: int = Field(description="Pledges fulfilled that month")


class PartnerCount(BaseModel):
    pledger_id: UUID
    name: str
    joint_pledges: int = Field(description="Joint pledges it is in, as owner or partner")


class Partnerships(BaseModel):
    """Who pledges with whom: partners that joined only (never an invitation)."""

    joint: int = Field(description="Pledges with at least one partner that joined")
    pledges: int = Field(description="All pledges counted")
    share: float = Field(description="joint / pledges")
    top: list[PartnerCount] = Field(description="The pledgers in the most joint pledges (10)")


class Dashboard(BaseModel):
    """Aggregates over all pledges (or those matching the filters)."""

    totals: dict[str, int] = Field(description="pledges, pledgers, overdue and each status")
    rates: dict[str, float] = Field(
        description="fulfilment: fulfilled / pledges; overdue: overdue / open pledges"
    )
    financial: list[CurrencyTotal]
    by_objective: list[ObjectiveCount]
    underreported_objectives: list[int]
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_region: dict[str, int]
    by_type: dict[str, int]
    by_form: dict[str, int]
    by_level: dict[str, int]
    by_round_table: dict[str, int]
    over_time: list[MonthCount]
    partnerships: Partnerships | None = Field(None, description="Who pledges with whom")
    position: int = Field(description="The event position the figures reflect")
    filtered: bool = Field(description="Whether filters narrowed the figures")
