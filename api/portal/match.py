"""Offering support to a matching pledge (as one's own pledger, naming one's own pledge if
it has one), and the owner's answer from "My pledges": accept or refuse."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal.auth import PledgerDep, PortalError, PostedDep, Visitor, VisitorDep
from api.portal.forms import language_of
from api.portal.my import settled
from api.portal.render import page, redirect, refused, status_of
from api.schemas.common import validated
from api.schemas.matching import MatchOfferCreate
from domain import written
from domain.errors import DomainError, InvalidPledgeError, PledgeNotFoundError
from domain.pledge import Pledge
from domain.taxonomy import CURRENCIES, Support
from domain.values import MatchOffer
from infrastructure.container import Container
from infrastructure.sessions import Identity
from projections.listing import Filters

router = APIRouter(include_in_schema=False)
SUPPORTS = [s.value for s in Support]


def readable(c: Container, reference: str, me: Identity) -> Pledge:
    try:
        return c.app.readable(reference[:100], me.actor)
    except PledgeNotFoundError:
        detail = f"No published pledge has the reference {reference[:100]!r}."
        raise PortalError(404, "Pledge not found", detail) from None


def form_context(c: Container, pledge: Pledge, me: Identity) -> dict[str, Any]:
    mine = Filters(pledger=me.subject, review=[])
    own = c.queries.list(mine, c.app.today(), sort="reference", limit=200, count=False)
    return {
        "pledge": pledge,
        "supports": SUPPORTS,
        "currencies": sorted(CURRENCIES),
        "own_pledges": [i for i in own.items if str(i["pledger_id"]) == me.subject],
    }


@router.get("/my/match/{reference}")
def offer_form(
    request: Request, reference: str, visitor: VisitorDep, me: PledgerDep, c: ContainerDep
) -> Response:
    pledge = readable(c, reference, me)
    return page(request, visitor, "match.html", form_context(c, pledge, me))


def offer_from(request: Request, visitor: Visitor, me: Identity, c: Container) -> MatchOffer:
    amount, currency = visitor.value("amount"), visitor.value("currency")
    if amount:  # as people write numbers, in the form's language (domain/written.py)
        amount = str(written.number("amount", amount, language_of(request, visitor)))
    if visitor.value("support") not in SUPPORTS:
        raise InvalidPledgeError("support", "choose financial, technical or material support")
    body = validated(
        MatchOfferCreate,
        {
            "pledger_id": me.subject,
            "support": visitor.value("support"),
            "description": visitor.value("description"),
            "amount": {"amount": amount, "currency": currency} if amount else None,
            "pledge_id": visitor.value("pledge_id") or None,
        },
    )
    own = None if body.pledge_id is None else c.app.resolve(body.pledge_id)
    money = None if body.amount is None else body.amount.to_money("amount")
    today = c.app.today()
    return MatchOffer(uuid4(), body.pledger_id, body.support, body.description, money, own, today)


@router.post("/my/match/{reference}")
def offer(
    request: Request, reference: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    pledge = readable(c, reference, me)
    try:
        result = c.app.offer_match(pledge.id, offer_from(request, visitor, me, c), me.actor)
    except DomainError as error:
        extra = {**form_context(c, pledge, me), **refused(error, "match", visitor)}
        return page(request, visitor, "match.html", extra, status_of(error))
    settled(c, result)
    return redirect("/my?done=offer")


@router.post("/my/offers/{reference}/{oid}/{answer}")
def answer_offer(
    reference: str, oid: UUID, answer: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    """The seeking pledge's owner accepts or refuses an offer (the domain checks who)."""
    pledge = readable(c, reference, me)
    try:
        if answer == "acceptance":
            result = c.app.accept_offer(pledge.id, oid, me.actor)
        elif answer == "refusal":
            result = c.app.refuse_offer(pledge.id, oid, visitor.value("reason"), me.actor)
        elif answer == "withdrawal":  # the offerer's own
            result = c.app.withdraw_offer(pledge.id, oid, "", me.actor)
        else:
            raise PortalError(404, "Not found", "An offer is accepted, refused or withdrawn.")
    except DomainError as error:
        raise PortalError(status_of(error), "The offer was not answered", error.message) from None
    settled(c, result)
    return redirect(f"/my?done={answer}")
