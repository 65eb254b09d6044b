"""Bodies of the commands on a pledge."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field, StrictInt

from api.schemas.common import (
    IsoDate,
    LongText,
    MoneyIn,
    Quantity,
    ShortText,
    StrictModel,
    text_rule,
)
from domain.taxonomy import Support
from domain.values import IndicatorValue, Money


def example(**body: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [body]})


class MatchCreate(StrictModel):
    model_config = example(
        pledger_id="7b1e2c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        support="financial",
        description="Co-funding of the second centre",
        amount={"amount": "50000.00", "currency": "EUR"},
    )

    pledger_id: UUID = Field(description="Who matches (a pledger token: its own id)")
    support: Support = Field(description="financial, technical or material")
    description: LongText = Field(description="What support is committed")
    amount: MoneyIn | None = Field(None, description="The amount, for financial support")

    def money(self) -> Money | None:
        return None if self.amount is None else self.amount.to_money("amount")


class PartnerCreate(StrictModel):
    model_config = example(
        pledger_id="7b1e2c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        contribution="Runs the language courses at both centres",
    )

    pledger_id: UUID = Field(description="The pledger that joins as a partner")
    contribution: LongText = Field(description="What the partner contributes")


class IndicatorIn(StrictModel):
    indicator: ShortText = Field(description="One of the pledge's target indicators")
    value: Quantity = Field(description="The indicator's value as of the report date")


class ProgressReportCreate(StrictModel):
    model_config = example(
        as_of="2027-03-31",
        percent_complete=40,
        narrative="The first centre opened in January and has served 200 people.",
        indicators=[{"indicator": "migrants reached", "value": 200}],
    )

    as_of: IsoDate = Field(
        description="The date the report describes (not before the pledge, not in the future)"
    )
    percent_complete: StrictInt = Field(ge=0, le=100, description="0 to 100")
    narrative: LongText = Field(description="What has been done")
    indicators: list[IndicatorIn] = Field(default_factory=list, max_length=50)

    def indicator_values(self) -> tuple[IndicatorValue, ...]:
        return tuple(IndicatorValue(i.indicator, i.value) for i in self.indicators)


class FulfilmentCreate(StrictModel):
    model_config = example(
        fulfilled_on="2028-11-30", narrative="Both centres run; 640 people served."
    )

    fulfilled_on: IsoDate = Field(description="When the pledge was fulfilled")
    narrative: LongText = Field(description="The final narrative")
    explanation: Annotated[str, Field(max_length=5000), text_rule(5000)] = Field(
        "",
        description="Why the pledge is fulfilled though a target's latest reported value "
        "falls short of it: required then (422 without it), shown publicly with the figures",
    )


class ReasonCreate(StrictModel):
    reason: LongText = Field(description="Why")


class WithdrawalCreate(ReasonCreate):
    """The pledger (or the Secretariat) withdraws the pledge."""

    model_config = example(reason="The programme was cancelled by the city council.")


class LapseCreate(ReasonCreate):
    """The Secretariat lapses a pledge whose deadline and grace period have passed."""

    model_config = example(reason="No report since the deadline passed.")


class DeadlineChange(StrictModel):
    deadline: IsoDate = Field(description="The new deadline")
    reason: LongText = Field(description="Why")


class ReinstatementCreate(DeadlineChange):
    """The Secretariat reinstates a lapsed pledge with a new deadline after today."""

    model_config = example(deadline="2029-12-31", reason="The pledger resumed reporting.")


class DeadlineExtensionCreate(DeadlineChange):
    """A later deadline for an open pledge."""

    model_config = example(deadline="2029-12-31", reason="Construction was delayed a year.")


class PublicationCreate(StrictModel):
    """The Secretariat publishes a pledge pending review: it becomes public."""

    model_config = example()


class ReturnCreate(StrictModel):
    """The Secretariat returns a pledge pending review to its pledger, saying what to revise."""

    comments: LongText = Field(description="What the pledger should revise (shown to it)")
    model_config = example(comments="Please give a baseline for the number of people reached.")
