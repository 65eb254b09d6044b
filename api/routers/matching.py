"""Matching: the pledges open for matching, offers of support and the owner's answers.

A pledger offers support to another's published matching pledge, as itself, naming its own
pledge if it has one (`MatchOffered`); only the seeking pledge's own pledger accepts
(`Matched`, carrying the offer) or refuses (`MatchDeclined`); the offerer may withdraw an
offer still pending. Nobody, the Secretariat included, offers or answers on a pledger's
behalf: the Secretariat records support agreed elsewhere with `POST .../matches`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from api.commands import perform
from api.deps import ActorDep, ContainerDep, ExpectedVersionDep, PledgeIdPath, TrackerDep
from api.openapi import OPTIONAL_AUTH, problems
from api.pages import viewer, web
from api.pages.dashboard import OPTIONS
from api.pages.labels import label
from api.pages.matching import matching_item
from api.problems import ApiProblem, forbidden
from api.routers.filters import PositionDep
from api.schemas.matching import (
    MatchingList,
    MatchOfferCreate,
    OfferAccepted,
    OfferAnswer,
    Suggestions,
    open_pledge,
    suggestions_for,
)
from domain.application import CommandResult
from domain.taxonomy import Region, Role, Support
from domain.values import MatchOffer
from projections.matching import open_for_matching

router = APIRouter(tags=["matching"])
OFFERS = "/api/pledges/{id}/match-offers"
ERRORS = problems(401, 403, 404, 409, 412, 422)


@router.get(
    "/api/matching",
    response_model=MatchingList,
    summary="Published pledges open for matching",
    responses=problems(422),
    openapi_extra=OPTIONAL_AUTH,
)
def list_matching(
    container: ContainerDep,
    _position: PositionDep,
    objective: Annotated[list[int], Query(description="GCM objectives (any)")] = [],  # noqa: B006
    region: Annotated[list[Region], Query(description="Regions (any)")] = [],  # noqa: B006
    support: Annotated[list[Support], Query(description="Kinds sought (any)")] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> MatchingList:
    """Published, open matching pledges: what each seeks, what is still sought (sought
    minus committed, per currency) and how many matches it has."""
    if any(not 1 <= n <= 23 for n in objective):
        raise ApiProblem(422, "invalid_input", "objective: a GCM objective is 1 to 23")
    app = container.app
    rows, total = open_for_matching(
        container.queries,
        app.today(),
        objective,
        [str(r) for r in region],
        [str(s) for s in support],
        limit,
        offset,
    )
    items = [open_pledge(row, app.get_pledge(row["pledge_id"])) for row in rows]
    return MatchingList(items=items, total=total)


@router.get(
    "/api/pledges/{id}/suggestions",
    response_model=Suggestions,
    summary="Pledges and pledgers that could partner with or match this pledge",
    responses=problems(401, 403, 404, 422),
)
def suggestions(id: PledgeIdPath, actor: ActorDep, container: ContainerDep) -> Suggestions:
    """For the pledge's own pledger and the Secretariat: published pledges of other
    pledgers that share objectives, round tables, the region and words with it, ranked by
    PostgreSQL text similarity: "could partner with" (common and partnership pledges, one
    per pledger) and "could match" (matching pledges seeking what this pledger could give,
    read from the pledge's forms)."""
    pledge = container.app.readable(id, actor)
    if actor.role == Role.PLEDGER and actor.pledger_id != pledge.pledger_id:
        raise forbidden("Only the pledge's own pledger or the Secretariat sees its suggestions.")
    return suggestions_for(container, pledge)


@router.post(OFFERS, status_code=201, response_model=OfferAccepted, responses=ERRORS)
def offer_match(
    id: PledgeIdPath,
    body: MatchOfferCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """A pledger offers support to another pledger's published matching pledge, as itself
    (a 403 otherwise, for the Secretariat too)."""
    app = container.app
    own = None if body.pledge_id is None else app.resolve(body.pledge_id)
    amount = None if body.amount is None else body.amount.to_money("amount")
    offer = MatchOffer(
        uuid4(), body.pledger_id, body.support, body.description, amount, own, app.today()
    )
    stored = perform("offer_match", 201, lambda: app.offer_match(id, offer, actor, expected))
    body_out = {**stored.body, "offer_id": str(offer.id)}
    return JSONResponse(body_out, 201, headers={"ETag": f'"{body_out["version"]}"'})


def _answer(command: str, run: Callable[[], CommandResult]) -> JSONResponse:
    stored = perform(command, 200, run)
    return JSONResponse(stored.body, 200, headers={"ETag": f'"{stored.body["version"]}"'})


@router.post(f"{OFFERS}/{{oid}}/acceptance", response_model=OfferAccepted, responses=ERRORS)
def accept_offer(
    id: PledgeIdPath, oid: UUID, actor: ActorDep, app: TrackerDep, expected: ExpectedVersionDep
) -> JSONResponse:
    """The seeking pledge's own pledger accepts an offer: it becomes a match (`Matched`)."""
    return _answer("accept_offer", lambda: app.accept_offer(id, oid, actor, expected))


@router.post(f"{OFFERS}/{{oid}}/refusal", responses=ERRORS)
def refuse_offer(
    id: PledgeIdPath,
    oid: UUID,
    body: OfferAnswer,
    actor: ActorDep,
    app: TrackerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The seeking pledge's own pledger refuses an offer (`MatchDeclined`), saying why if it
    wishes."""
    return _answer("refuse_offer", lambda: app.refuse_offer(id, oid, body.reason, actor, expected))


@router.post(f"{OFFERS}/{{oid}}/withdrawal", responses=ERRORS)
def withdraw_offer(
    id: PledgeIdPath,
    oid: UUID,
    body: OfferAnswer,
    actor: ActorDep,
    app: TrackerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The offering pledger withdraws its offer while it is pending."""
    return _answer(
        "withdraw_offer", lambda: app.withdraw_offer(id, oid, body.reason, actor, expected)
    )


@router.get("/matching", include_in_schema=False)
def matching_page(request: Request, container: ContainerDep) -> Response:
    """The page of /api/matching: the same pledges, filters and figures, and for a signed-in
    pledger an "Offer support" button on each."""
    query = request.query_params
    try:
        objective = [int(v) for v in query.getlist("objective") if v]
        region = [str(Region(v)) for v in query.getlist("region") if v]
        support = [str(Support(v)) for v in query.getlist("support") if v]
        if any(not 1 <= n <= 23 for n in objective):
            raise ValueError("objective")
    except ValueError:
        detail = "objective: 1 to 23; region and support: one of the listed choices"
        return web.error_page(request, 400, "That filter is not valid", detail)
    app = container.app
    rows, total = open_for_matching(
        container.queries, app.today(), objective, region, support, limit=100
    )
    items = [matching_item(row, app.get_pledge(row["pledge_id"])) for row in rows]
    context: dict[str, Any] = {
        "items": items,
        "total": total,
        "chosen": {"objective": [str(n) for n in objective], "region": region, "support": support},
        "options": {**OPTIONS, "support": [(s.value, label(s)) for s in Support]},
        "nav": "matching",
    }
    visitor = viewer.signed_in(request, container)
    if visitor is not None:
        context.update(viewer.context(visitor))
    return web.render(request, "matching.html", context, cache=viewer.PRIVATE)
