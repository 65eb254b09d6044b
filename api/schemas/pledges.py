"""A pledge as submitted (PledgeCreate) and as read back (PledgePublic)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field, StrictBool, StrictInt

from api.schemas.common import (
    CountryCode,
    IsoDate,
    LongText,
    MoneyIn,
    Quantity,
    ShortText,
    StrictModel,
    text_rule,
)
from api.schemas.partners import PartnerInvitationCreate
from domain.taxonomy import OBJECTIVES, Form, Level, PledgeType, Principle, Region, Support
from domain.values import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    SEEKING_MAX,
    UNIT_MAX,
    PledgeContent,
    Sought,
    Target,
)

OBJECTIVE_LABELS = "; ".join(f"{n} {label}" for n, (_, label) in OBJECTIVES.items())
Objective = Annotated[
    StrictInt, Field(ge=1, le=23, description=f"A GCM objective number: {OBJECTIVE_LABELS}")
]

PLEDGE_EXAMPLE: dict[str, Any] = {
    "pledger_id": "0d6c1d4a-3b7e-4c59-8e51-2f3b8f7a9c10",
    "title": "One-stop centres for newly arrived migrants",
    "description": "The City commits to open two one-stop centres where newly arrived migrants "
    "receive information on residence, work, health care and schooling in their own language, "
    "and to train municipal staff in a rights-based approach. Progress is measured by the "
    "number of migrants served and staff trained, reported twice a year to the city council.",
    "type": "partnership",
    "forms": ["policy", "financial"],
    "objectives": [3, 15, 16],
    "principles": ["human_rights", "whole_of_society"],
    "levels": ["local"],
    "countries": ["PRT"],
    "region": "europe_north_america",
    "pledged_on": "2026-05-08",
    "deadline": "2028-12-31",
    "language": "en",
    "targets": [{"indicator": "migrants reached", "baseline": 0, "target": 500, "unit": "people"}],
    "financial": {"amount": "250000.00", "currency": "EUR"},
    "gcr_mirror": False,
}


class TargetIn(StrictModel):
    indicator: ShortText = Field(description="What is measured", examples=["migrants reached"])
    baseline: Quantity = Field(Decimal(0), description="Where the indicator starts", examples=[0])
    target: Quantity = Field(description="Where the pledge takes it", examples=[500])
    unit: Annotated[str, Field(max_length=UNIT_MAX), text_rule(UNIT_MAX)] = Field(
        "", examples=["people"]
    )

    def to_target(self) -> Target:
        return Target(self.indicator, self.baseline, self.target, self.unit)


class SoughtIn(StrictModel):
    support: Support = Field(description="financial, technical or material")
    description: LongText = Field(description="What support is sought")
    amount: MoneyIn | None = Field(None, description="The amount hoped for, if any")

    def to_sought(self, name: str) -> Sought:
        money = None if self.amount is None else self.amount.to_money(f"{name}.amount")
        return Sought(self.support, self.description, money)


# Each content field's type, shared by a submission and an amendment's changes.
Title = Annotated[ShortText, Field(description="A short title", examples=[PLEDGE_EXAMPLE["title"]])]
Description = Annotated[
    LongText,
    Field(
        min_length=DESCRIPTION_MIN,
        max_length=DESCRIPTION_MAX,
        description=f"What is pledged, {DESCRIPTION_MIN} to {DESCRIPTION_MAX} characters",
    ),
]
TypeCode = Annotated[PledgeType, Field(description="individual, common, partnership or matching")]
Forms = Annotated[list[Form], Field(min_length=1, max_length=4, description="One or more forms")]
Objectives = Annotated[list[Objective], Field(min_length=1, max_length=23, examples=[[3, 15, 16]])]
Principles = Annotated[list[Principle], Field(max_length=10)]
Levels = Annotated[list[Level], Field(max_length=4)]
Countries = Annotated[
    list[CountryCode], Field(max_length=250, description="Countries of implementation")
]
RegionCode = Annotated[Region, Field(description="Region of implementation")]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 language code")]
Targets = Annotated[list[TargetIn], Field(max_length=50)]
Financial = Annotated[MoneyIn, Field(description="The amount pledged, if any")]
GcrMirror = Annotated[
    StrictBool, Field(description="It mirrors a Global Compact on Refugees pledge")
]
Seeking = Annotated[
    list[SoughtIn],
    Field(
        max_length=SEEKING_MAX,
        description="What a matching pledge seeks (only a matching pledge may seek)",
    ),
]
CONTENT_FIELDS = tuple(f.name for f in dataclasses.fields(PledgeContent))


def domain_value(name: str, value: Any, prefix: str = "") -> Any:
    """A content field's value as the domain holds it (tuples, Target, Money)."""
    if name == "targets":
        return tuple(t.to_target() for t in value)
    if name == "financial":
        return None if value is None else value.to_money(f"{prefix}financial")
    if name == "seeking":
        return tuple(s.to_sought(f"{prefix}seeking[{i}]") for i, s in enumerate(value))
    return tuple(value) if isinstance(value, list) else value


class PledgeCreate(StrictModel):
    """A new pledge, in the wire format."""

    model_config = ConfigDict(json_schema_extra={"examples": [PLEDGE_EXAMPLE]})

    pledger_id: UUID = Field(description="The pledging entity (a pledger token: its own id)")
    title: Title
    description: Description
    type: TypeCode
    forms: Forms
    objectives: Objectives
    principles: Principles = Field(default_factory=list)
    levels: Levels = Field(default_factory=list)
    countries: Countries = Field(default_factory=list)
    region: RegionCode = Region.GLOBAL
    pledged_on: IsoDate = Field(description="When it was pledged (not in the future)")
    deadline: IsoDate = Field(description="When it is due (after pledged_on)")
    language: Language = "en"
    targets: Targets = Field(default_factory=list)
    financial: Financial | None = None
    gcr_mirror: GcrMirror = False
    seeking: Seeking = Field(default_factory=list)
    partners: list[PartnerInvitationCreate] = Field(
        default_factory=list,
        max_length=20,
        description="Partners to invite once it is submitted (common and partnership "
        "pledges): each joins only when its own contact accepts",
    )

    def content(self) -> PledgeContent:
        """What was pledged, as the domain's value (which checks it as a whole)."""
        return PledgeContent(**{n: domain_value(n, getattr(self, n)) for n in CONTENT_FIELDS})
