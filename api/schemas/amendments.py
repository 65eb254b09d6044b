"""An amendment: the content fields it changes and why (AmendmentCreate), and what each
recorded amendment changed, from what to what (AmendmentOut, in reads and the history)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import LongText, StrictModel
from api.schemas.pledges import (
    Countries,
    Description,
    Financial,
    Forms,
    GcrMirror,
    Language,
    Levels,
    Objectives,
    Principles,
    RegionCode,
    Seeking,
    Targets,
    Title,
    TypeCode,
    domain_value,
)
from domain.amendments import Amendment, Change
from domain.errors import InvalidPledgeError
from domain.plain import to_plain
from domain.values import PledgeContent


class ContentChanges(StrictModel):
    """The content fields that change, each with its new value; the others stay.
    `financial: null` removes the amount; no other field may be null."""

    title: Title | None = None
    description: Description | None = None
    type: TypeCode | None = None
    forms: Forms | None = None
    objectives: Objectives | None = None
    principles: Principles | None = None
    levels: Levels | None = None
    countries: Countries | None = None
    region: RegionCode | None = None
    language: Language | None = None
    targets: Targets | None = None
    financial: Financial | None = None
    gcr_mirror: GcrMirror | None = None
    seeking: Seeking | None = None

    def applied_to(self, current: PledgeContent) -> PledgeContent:
        """The current content with these changes, checked as a whole by the domain (its
        errors name the field as `changes.<field>`)."""
        given = sorted(self.model_fields_set)
        if not given:
            raise InvalidPledgeError("changes", "name at least one field to change")
        values = {}
        for name in given:
            value = getattr(self, name)
            if value is None and name != "financial":
                raise InvalidPledgeError(f"changes.{name}", "give its new value (not null)")
            values[name] = domain_value(name, value, "changes.")
        try:
            return dataclasses.replace(current, **values)
        except InvalidPledgeError as error:
            field = error.field if error.field.startswith("changes") else f"changes.{error.field}"
            raise InvalidPledgeError(field, error.reason) from None


class AmendmentCreate(StrictModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "changes": {
                        "targets": [
                            {
                                "indicator": "migrants reached",
                                "baseline": 0,
                                "target": 300,
                                "unit": "people",
                            }
                        ]
                    },
                    "reason": "The second centre will open in 2029, after this pledge's deadline.",
                }
            ]
        },
    )

    changes: ContentChanges = Field(description="The content fields that change")
    reason: LongText = Field(description="Why the pledge changes")


class ChangeOut(BaseModel):
    field: str = Field(
        description="A content field; for a target: baseline, target or unit (with its "
        "indicator), or targets when one is added (before null) or removed (after null)"
    )
    indicator: str | None = Field(None, description="The target's indicator, for its changes")
    before: Any = Field(description="The value before, as the wire format writes it")
    after: Any = Field(description="The value after, as the wire format writes it")


class AmendmentOut(BaseModel):
    version: int = Field(description="The pledge version this amendment created")
    recorded_at: datetime
    reason: str
    changes: list[ChangeOut]


def change_out(change: Change) -> ChangeOut:
    return ChangeOut(
        field=change.field,
        indicator=change.indicator,
        before=to_plain(change.before),
        after=to_plain(change.after),
    )


def amendment_out(amendment: Amendment) -> dict[str, Any]:
    return AmendmentOut(
        version=amendment.version,
        recorded_at=amendment.recorded_at,
        reason=amendment.reason,
        changes=[change_out(c) for c in amendment.changes],
    ).model_dump(mode="json")
