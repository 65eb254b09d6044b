"""Matching: an offer of support (MatchOfferCreate), its answers, and /api/matching's list."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.commands import example
from api.schemas.common import CommandAccepted, LongText, MoneyIn, StrictModel, text_rule
from api.schemas.reads import BalanceOut, SoughtOut
from domain.giving import could_give
from domain.matching import balances, still_sought
from domain.plain import to_plain
from domain.pledge import Pledge
from domain.taxonomy import Region, Role, Support, round_tables_for
from domain.values import Actor
from infrastructure.container import Container
from projections.suggestions import Subject, suggest


class MatchOfferCreate(StrictModel):
    model_config = example(
        pledger_id="7b1e2c4d-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        support="technical",
        description="Two staff seconded for six months to set up the referral system",
        pledge_id="GCM-2026-0007",
    )

    pledger_id: UUID = Field(description="Who offers: the pledger token's own pledger")
    support: Support = Field(description="financial, technical or material")
    description: LongText = Field(description="What support is offered")
    amount: MoneyIn | None = Field(None, description="The amount, if any")
    pledge_id: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        None,
        description="The offering pledger's own pledge this support comes from (id or "
        "reference), if it has one",
    )


class OfferAnswer(StrictModel):
    reason: Annotated[str, Field(max_length=5000), text_rule(5000)] = Field(
        "", description="Why (optional)"
    )


class OfferAccepted(CommandAccepted):
    offer_id: UUID = Field(description="The offer's id (in `match_offers` of the pledge)")


class OpenPledgeOut(BaseModel):
    id: UUID
    reference: str
    title: str
    pledger: dict[str, Any] = Field(description="id and name")
    region: Region
    objectives: list[int]
    seeking: list[SoughtOut] = Field(description="Everything the pledge seeks")
    still_sought: list[SoughtOut] = Field(description="What committed support has not covered")
    balances: list[BalanceOut] = Field(description="Sought against committed, per currency")
    matches: int = Field(description="How many matches it has")


class MatchingList(BaseModel):
    items: list[OpenPledgeOut]
    total: int


def balance_out(pledge: Pledge) -> list[dict[str, str]]:
    return [
        {
            "currency": b.currency,
            "sought": str(b.sought),
            "committed": str(b.committed),
            "remaining": str(b.remaining),
        }
        for b in balances(pledge.content.seeking, pledge.matches)
    ]


def open_pledge(row: dict[str, Any], pledge: Pledge) -> OpenPledgeOut:
    return OpenPledgeOut.model_validate(
        {
            "id": row["pledge_id"],
            "reference": row["reference"],
            "title": pledge.content.title,
            "pledger": {"id": str(row["pledger_id"]), "name": row["pledger_name"] or ""},
            "region": pledge.content.region,
            "objectives": list(pledge.content.objectives),
            "seeking": to_plain(pledge.content.seeking),
            "still_sought": to_plain(still_sought(pledge.content.seeking, pledge.matches)),
            "balances": balance_out(pledge),
            "matches": len(pledge.matches),
        }
    )


def matching_state(
    pledge: Pledge, reader: Actor | None, given: list[dict[str, Any]]
) -> dict[str, Any]:
    """A pledge read's matching fields: its balances, the pledges it matches (`given`, from
    the summaries) and, for its own pledger and the Secretariat, the offers made to it."""
    owner = reader is not None and (
        reader.role != Role.PLEDGER or reader.pledger_id == pledge.pledger_id
    )
    return {
        "balances": balance_out(pledge),
        "matches_given": [
            {"pledge_id": r["pledge_id"], "reference": r["reference"], "title": r["title"]}
            for r in given
        ],
        "match_offers": to_plain(pledge.match_offers) if owner else None,
    }


class SuggestedPledge(BaseModel):
    id: UUID
    reference: str
    title: str
    type: str


class SuggestedPartner(BaseModel):
    pledger: dict[str, Any] = Field(description="id and name")
    pledge: SuggestedPledge = Field(description="Its pledge closest to this one")
    score: float = Field(description="Higher is closer (text similarity and what is shared)")


class SuggestedMatch(BaseModel):
    pledge: SuggestedPledge
    pledger: dict[str, Any] = Field(description="id and name")
    seeking: list[Support] = Field(description="The kinds of support it seeks")
    score: float


class Suggestions(BaseModel):
    partners: list[SuggestedPartner] = Field(description="Pledgers this pledge could partner with")
    matches: list[SuggestedMatch] = Field(
        description="Matching pledges seeking what this pledger could give"
    )


def suggested(found: dict[str, list[dict[str, Any]]]) -> Suggestions:
    def pledge(row: dict[str, Any]) -> dict[str, Any]:
        return {k: row[k] for k in ("reference", "title", "type")} | {"id": row["pledge_id"]}

    def pledger(row: dict[str, Any]) -> dict[str, Any]:
        return {"id": str(row["pledger_id"]), "name": row["pledger_name"] or ""}

    return Suggestions.model_validate(
        {
            "partners": [
                {"pledger": pledger(r), "pledge": pledge(r), "score": r["score"]}
                for r in found["partners"]
            ],
            "matches": [
                {
                    "pledge": pledge(r),
                    "pledger": pledger(r),
                    "seeking": r["seeking"],
                    "score": r["score"],
                }
                for r in found["matches"]
            ],
        }
    )


def subject_of(pledge: Pledge) -> Subject:
    c = pledge.content
    return Subject(
        pledger_id=pledge.pledger_id,
        title=c.title,
        description=c.description,
        objectives=list(c.objectives),
        round_tables=round_tables_for(list(c.objectives)),
        region=str(c.region),
        gives=could_give(c),
    )


def suggestions_for(container: Container, pledge: Pledge) -> Suggestions:
    """What the API's suggestions answer, for the portal's and the console's pledge pages."""
    return suggested(suggest(container.queries, subject_of(pledge)))
