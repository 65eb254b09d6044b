"""Partners by consent: an invitation (a registered pledger, or an organisation by its focal
point's email), the invited pledger's answer, the owner's withdrawal, a partner's departure.
One definition, used by the API and the portal's forms alike."""

from __future__ import annotations

from typing import Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from api.schemas.commands import example
from api.schemas.common import LongText, OptionalText, StrictModel
from api.schemas.pledgers import Email
from api.schemas.registrations import Language, Name


class PartnerInvitationCreate(StrictModel):
    model_config = example(
        pledger_id="7b1e2c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        contribution="Runs the language courses at both centres",
    )

    pledger_id: UUID | None = Field(None, description="A registered pledger to invite")
    organisation: Name | None = Field(
        None, description="Or an organisation not yet registered: its name (public once it joins)"
    )
    email: Email | None = Field(
        None, description="… and its focal point's email, which is invited to register"
    )
    language: Language = Field("en", description="The language of the mail to that email")
    contribution: LongText = Field(description="What the partner is asked to contribute")

    @model_validator(mode="after")
    def one_addressee(self) -> Self:
        if self.pledger_id is None and (self.organisation is None or self.email is None):
            raise ValueError("name a registered pledger (pledger_id), or an organisation and email")
        if self.pledger_id is not None and (self.organisation or self.email):
            raise ValueError("name either a registered pledger or an organisation and email")
        return self


class InvitationAnswer(StrictModel):
    reason: OptionalText = Field("", description="Why (optional), told to the other side")


class PartnerDeparture(StrictModel):
    reason: LongText = Field(description="Why the partner leaves (told to the owner)")


class InvitationCreated(BaseModel):
    id: UUID = Field(description="The pledge")
    invitation_id: UUID
    reference: str
    version: int
    status: str
    position: int | None


class PledgerFound(BaseModel):
    id: UUID
    name: str
    category: str
    country: str


class PledgersFound(BaseModel):
    items: list[PledgerFound]
