"""Pledging entities: public organisation data, and contacts that are never shown again."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.schemas.common import CountryCode, OptionalText, Printable, ShortText, StrictModel
from domain.taxonomy import Category

Email = Annotated[
    str,
    Field(
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Email address",
        examples=["ana.silva@example.org"],
    ),
    Printable,
]


class ContactIn(StrictModel):
    """Personal data: stored in the contacts table, never in an event, never in a response."""

    name: ShortText = Field(description="The contact person's name", examples=["Ana Silva"])
    email: Email
    position: OptionalText = Field("", description="Their position", examples=["Head of unit"])
    phone: OptionalText = Field("", description="Their phone number", examples=["+351 21 000 0000"])


class PledgerCreate(StrictModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "City of Lisbon",
                    "category": "local_regional_government",
                    "country": "PRT",
                    "gcm_champion": False,
                    "contacts": [
                        {"name": "Ana Silva", "email": "ana.silva@example.org", "position": "Head"}
                    ],
                }
            ]
        }
    )

    name: Annotated[str, Field(min_length=1, max_length=300), Printable] = Field(
        description="Organisation name, as it should be published", examples=["City of Lisbon"]
    )
    category: Category = Field(description="Pledger category")
    country: CountryCode | None = Field(None, description="ISO 3166-1 alpha-3; States need one")
    gcm_champion: StrictBool = Field(False, description="The State is a GCM Champion")
    contacts: list[ContactIn] = Field(
        default_factory=list, max_length=20, description="Contact people (personal data)"
    )


class PledgerCreated(BaseModel):
    id: UUID = Field(description="The new pledger's id: pledger tokens and pledges name it")
    name: str
    category: Category
    country: str | None
    gcm_champion: bool


class PledgerSummary(BaseModel):
    """What a pledge read shows of its pledger: public organisation data only."""

    id: UUID
    name: str
    category: Category
    country: str | None = None
