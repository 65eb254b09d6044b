"""Registration requests: an organisation and its focal point ask to pledge.

The one definition of a request's values, used by the API and the /register form alike: the
organisation's as a pledger's (api/schemas/pledgers.py), the focal point's as a contact's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.schemas.common import CountryCode, LongText, OptionalText, ShortText, StrictModel
from api.schemas.pledgers import Email
from domain.taxonomy import COUNTRIES, Category

Language = Literal["en", "fr", "es"]
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def known_country(code: str) -> str:
    if code not in COUNTRIES:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


def not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text.strip()


Name = Annotated[ShortText, AfterValidator(not_blank)]


class Organisation(StrictModel):
    name: Name = Field(description="Organisation name, as it should be published")
    category: Category = Field(description="Pledger category")
    country: Annotated[CountryCode, AfterValidator(known_country)] = Field(
        description="ISO 3166-1 alpha-3 code of the country it is based in"
    )


class FocalPoint(StrictModel):
    """Personal data: kept only while the request waits, then the pledger's contact."""

    name: Name = Field(description="The focal point's name", examples=["Ana Silva"])
    email: Email
    position: OptionalText = Field("", description="Their position", examples=["Head of unit"])


class RegistrationCreate(StrictModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation": {
                        "name": "City of Lisbon",
                        "category": "local_regional_government",
                        "country": "PRT",
                    },
                    "contact": {"name": "Ana Silva", "email": "ana@example.org", "position": ""},
                    "language": "fr",
                }
            ]
        }
    )

    organisation: Organisation
    contact: FocalPoint
    language: Language = Field("en", description="The language of the mails to the contact")


class RegistrationAccepted(BaseModel):
    id: UUID = Field(description="The request's id; an email asks to confirm the address")


class SimilarOut(BaseModel):
    kind: str = Field(description="pledger (an existing one) or request (another waiting)")
    name: str
    id: str
    score: float = Field(description="Trigram similarity of the names, 0..1")


class RegistrationItem(BaseModel):
    """A request as the Secretariat sees it (personal data: never public)."""

    id: UUID
    state: str
    organisation: Organisation
    contact: FocalPoint | None = Field(description="None once decided: the details are dropped")
    language: str
    created_at: datetime
    confirmed_at: datetime | None
    waiting_days: int = Field(description="Whole days since the address was confirmed")
    possible_duplicates: list[SimilarOut]
    decided_at: datetime | None = None
    reason: str | None = None
    pledger_id: UUID | None = None


class RegistrationList(BaseModel):
    items: list[RegistrationItem]


class RegistrationRefusal(StrictModel):
    reason: Annotated[LongText, AfterValidator(not_blank)] = Field(
        description="Why: mailed to the focal point"
    )


class RegistrationApproved(BaseModel):
    pledger_id: UUID


class RegistrationRefused(BaseModel):
    id: UUID
    state: Literal["refused"] = "refused"
