"""A single pledge: submit it, read it (now, at a version, or as of a moment), its history.

The list (GET /api/pledges) is served from projections by api/routers/listing.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Response
from fastapi.responses import JSONResponse

from api import partnering
from api.commands import run_command
from api.deps import (
    ActorDep,
    ContainerDep,
    IdempotencyKeyDep,
    OptionalActorDep,
    PledgeIdPath,
    SecretariatDep,
    TrackerDep,
)
from api.openapi import OPTIONAL_AUTH, problems
from api.problems import ApiProblem, forbidden
from api.schemas.amendments import amendment_out, change_out
from api.schemas.common import CommandAccepted
from api.schemas.matching import matching_state
from api.schemas.pledges import PledgeCreate
from api.schemas.reads import History, HistoryEntry, PledgePublic
from domain.application import CommandResult, PledgeTracker
from domain.errors import PledgeNotFoundError
from domain.plain import pledge_state, to_plain
from domain.pledge import Pledge
from domain.taxonomy import Role
from domain.values import Actor
from projections.matching import matched_from

router = APIRouter(prefix="/api/pledges", tags=["pledges"])
ETAG = {"ETag": {"description": 'The pledge\'s version, e.g. `"3"`', "schema": {"type": "string"}}}


@router.post(
    "",
    status_code=201,
    response_model=CommandAccepted,
    summary="Submit a pledge",
    responses={**problems(401, 403, 404, 409, 422), 201: {"headers": ETAG}},
)
def submit_pledge(
    body: PledgeCreate,
    actor: ActorDep,
    container: ContainerDep,
    tasks: BackgroundTasks,
    idempotency_key: IdempotencyKeyDep = None,
) -> JSONResponse:
    """Submit a pledge for a pledger: a pledger token only for its own pledger. With an
    `Idempotency-Key`, a retry returns the first answer instead of making a second pledge."""
    if actor.role == Role.PLEDGER and actor.pledger_id != body.pledger_id:
        raise forbidden("A pledger token can submit pledges only for its own pledger.")
    wire = body.model_dump(mode="json")
    content = body.content()
    app = container.app
    partnering.check_partners(container, body.pledger_id, content.type, body.partners)

    def submit() -> CommandResult:
        result = app.submit(
            body.pledger_id,
            content,
            body.pledged_on,
            body.deadline,
            actor,
            idempotency_key=idempotency_key,
        )
        return partnering.invite_all(container, result, body.partners, actor, tasks)

    idempotency = None if idempotency_key is None else (idempotency_key, "submit", wire)
    return run_command(container, actor, "submit", 201, submit, idempotency)


@router.get(
    "/{id}",
    response_model=PledgePublic,
    summary="Read a pledge",
    responses={**problems(401, 404, 422), 200: {"headers": ETAG}},
    openapi_extra=OPTIONAL_AUTH,
)
def read_pledge(
    id: PledgeIdPath,
    app: TrackerDep,
    container: ContainerDep,
    response: Response,
    actor: OptionalActorDep,
    version: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="Read it as it was at this version")
    ] = None,
    as_of: Annotated[
        date | None,
        Query(
            description="What was true on this day: the events in effect by then (a report's"
            " own date, the day it was pledged...), whenever they were recorded"
        ),
    ] = None,
    recorded_as_of: Annotated[
        datetime | None,
        Query(description="What the record said at this moment (ISO 8601; UTC if no offset)"),
    ] = None,
) -> dict[str, Any]:
    """Anyone may read a published pledge; one under review only its pledger (and partners)
    and the Secretariat (to anyone else a 404). No contact or other personal data is shown."""
    given = [
        n
        for n, v in (("version", version), ("as_of", as_of), ("recorded_as_of", recorded_as_of))
        if v is not None
    ]
    if len(given) > 1:
        raise ApiProblem(422, "invalid_input", f"{', '.join(given)}: give one of them at most")
    current = app.readable(id, actor)
    if as_of is not None:
        pledge = app.get_pledge_on(id, as_of)
        state = public_state(app, pledge, on=min(as_of, app.today()))
    else:
        pledge = current if not given else load(app, id, version, recorded_as_of)
        state = public_state(app, pledge)
    response.headers["ETag"] = f'"{pledge.version}"'
    state.update(matching_state(pledge, actor, matched_from(container.queries, pledge.id)))
    if actor is not None:  # never for the public: whom the owner asked is not public
        state["partner_invitations"] = invitations_for(pledge, actor)
    return state


def invitations_for(pledge: Pledge, actor: Actor) -> list[dict[str, Any]] | None:
    """All of them for the owner and the Secretariat; its own for an invited pledger."""
    mine = actor.role != Role.PLEDGER or actor.pledger_id == pledge.pledger_id
    shown = [i for i in pledge.partner_invitations if mine or i.pledger_id == actor.pledger_id]
    return to_plain(shown) if shown or mine else None


def load(app: PledgeTracker, id: str, version: int | None, moment: datetime | None) -> Pledge:
    if moment is not None:
        return app.get_pledge_recorded_at(
            id, moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        )
    pledge = app.get_pledge(id, version=version)
    if version is not None and pledge.version != version:
        # The event store answers the latest version for any later one; that's not this one.
        raise PledgeNotFoundError(f"{id} v{version}")
    return pledge


def public_state(app: PledgeTracker, pledge: Pledge, on: date | None = None) -> dict[str, Any]:
    """The pledge's state; `on` a day: as it stood then (its reports by then, overdue then)."""
    reports, amendments = app.reports_and_amendments(pledge.id, pledge.version, on)
    state = pledge_state(pledge, on or app.today(), reports)
    state["amendments"] = [amendment_out(a) for a in amendments]
    pledger = app.get_pledger(pledge.pledger_id)
    state["pledger"] = {
        "id": pledge.pledger_id,
        "name": pledger.name,
        "category": pledger.category,
        "country": pledger.country,
    }
    return state


@router.get(
    "/{id}/history",
    response_model=History,
    summary="A pledge's full history (Secretariat)",
    responses=problems(401, 403, 404, 422),
)
def read_history(id: PledgeIdPath, container: ContainerDep, _actor: SecretariatDep) -> History:
    """Every event of the pledge in version order: version, type, effective day, recorded
    time, actor by name and data as plain JSON; an Amended event also says what changed,
    from what to what."""
    changed = {a.version: a.changes for a in container.app.amendments(id)}
    entries = [
        HistoryEntry.model_validate(
            {**e, "changes": [change_out(c) for c in changed.get(e["version"], ())] or None}
        )
        for e in container.histories.entries(id)
    ]
    return History(items=entries, total=len(entries))
