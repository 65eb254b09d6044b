"""Matching: any pledger commits support to a `matching` pledge, as itself."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import ContainerDep
from api.portal.auth import PledgerDep, PostedDep, VisitorDep
from api.portal.forms import language_of
from api.portal.my import settled
from api.portal.my_pledge import load
from api.portal.render import page, redirect, refused, status_of
from api.schemas.commands import MatchCreate
from api.schemas.common import validated
from domain import written
from domain.errors import DomainError, InvalidPledgeError
from domain.taxonomy import CURRENCIES, Support

router = APIRouter(include_in_schema=False)
SUPPORTS = [s.value for s in Support]


@router.get("/my/match/{reference}")
def match_form(
    request: Request, reference: str, visitor: VisitorDep, _me: PledgerDep, c: ContainerDep
) -> Response:
    pledge = load(c, reference)
    extra = {
        "pledge": pledge,
        "supports": SUPPORTS,
        "currencies": sorted(CURRENCIES),
    }
    return page(request, visitor, "match.html", extra)


@router.post("/my/match/{reference}")
def match(
    request: Request, reference: str, visitor: PostedDep, me: PledgerDep, c: ContainerDep
) -> Response:
    app = c.app
    pledge = load(c, reference)
    amount, currency = visitor.value("amount"), visitor.value("currency")
    try:
        if amount:  # as people write numbers, in the form's language (domain/written.py)
            amount = str(written.number("amount", amount, language_of(request, visitor)))
        if visitor.value("support") not in SUPPORTS:
            raise InvalidPledgeError("support", "choose financial, technical or material support")
        body = validated(
            MatchCreate,
            {
                "pledger_id": me.subject,
                "support": visitor.value("support"),
                "description": visitor.value("description"),
                "amount": {"amount": amount, "currency": currency} if amount else None,
            },
        )
        result = app.match(
            pledge.id, body.pledger_id, body.support, body.description, body.money(), me.actor
        )
    except DomainError as error:
        extra = {
            "pledge": pledge,
            "supports": SUPPORTS,
            "currencies": sorted(CURRENCIES),
            **refused(error, "match", visitor),
        }
        return page(request, visitor, "match.html", extra, status_of(error))
    settled(c, result)
    return redirect("/my?done=match")
