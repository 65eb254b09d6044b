"""Commands on a pledge: matches, partners, progress reports and the lifecycle transitions.

Each accepts `If-Match: "<version>"` and answers the pledge's new version and status. Who may
do what: the Secretariat everything; a pledger token what its own pledger may (the domain's
rules, checked in the command on the pledge it loads, once).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.commands import run_command
from api.deps import (
    ActorDep,
    ContainerDep,
    ExpectedVersionDep,
    IdempotencyKeyDep,
    PledgeIdPath,
    SecretariatDep,
)
from api.openapi import problems
from api.schemas.commands import (
    DeadlineExtensionCreate,
    FulfilmentCreate,
    LapseCreate,
    MatchCreate,
    PartnerCreate,
    ProgressReportCreate,
    ReinstatementCreate,
    WithdrawalCreate,
)
from api.schemas.common import CommandAccepted

router = APIRouter(prefix="/api/pledges/{id}", tags=["pledge commands"])
ETAG = {"ETag": {"description": "The pledge's new version", "schema": {"type": "string"}}}
ERRORS = problems(401, 403, 404, 409, 412, 422)
CREATED = {**ERRORS, 201: {"headers": ETAG}}
DONE = {**ERRORS, 200: {"headers": ETAG}}


@router.post(
    "/matches",
    status_code=201,
    response_model=CommandAccepted,
    responses=CREATED,
    summary="Record a match agreed elsewhere (Secretariat)",
)
def match(
    id: PledgeIdPath,
    body: MatchCreate,
    actor: SecretariatDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The Secretariat records support another pledger committed to a `matching` pledge
    outside the platform. Pledgers offer support with `POST .../match-offers`, and the
    seeking pledge's owner accepts or refuses it."""
    amount = body.money()
    app = container.app
    return run_command(
        container,
        actor,
        "match",
        201,
        lambda: app.match(
            id, body.pledger_id, body.support, body.description, amount, actor, expected
        ),
    )


@router.post(
    "/partners",
    status_code=201,
    response_model=CommandAccepted,
    responses=CREATED,
    summary="Record a partner (Secretariat only: a partnership agreed elsewhere)",
)
def add_partner(
    id: PledgeIdPath,
    body: PartnerCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The Secretariat records a partner whose consent it has (a partnership agreed
    elsewhere); a pledger invites instead (`POST …/partner-invitations`), and the invited
    pledger joins only when its own contact accepts. A pledger token gets a 403."""
    app = container.app
    return run_command(
        container,
        actor,
        "add_partner",
        201,
        lambda: app.add_partner(id, body.pledger_id, body.contribution, actor, expected),
    )


@router.post(
    "/progress-reports",
    status_code=201,
    response_model=CommandAccepted,
    responses=CREATED,
    summary="File a progress report",
)
def report_progress(
    id: PledgeIdPath,
    body: ProgressReportCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
    idempotency_key: IdempotencyKeyDep = None,
) -> JSONResponse:
    """The owner, a partner or the Secretariat reports progress. With an `Idempotency-Key`,
    a retry returns the first answer instead of filing the report twice."""
    wire = body.model_dump(mode="json")
    indicators = body.indicator_values()
    app = container.app
    operation = f"progress-report:{id}:{expected}"
    return run_command(
        container,
        actor,
        "report_progress",
        201,
        lambda: app.report_progress(
            id, body.as_of, body.percent_complete, body.narrative, indicators, actor, expected
        ),
        None if idempotency_key is None else (idempotency_key, operation, wire),
    )


@router.post(
    "/fulfilment",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Record that the pledge is fulfilled",
)
def fulfil(
    id: PledgeIdPath,
    body: FulfilmentCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The owner or the Secretariat records fulfilment with a final narrative, and an
    explanation when a target's latest reported value falls short of it."""
    app = container.app
    return run_command(
        container,
        actor,
        "fulfil",
        200,
        lambda: app.fulfil(
            id, body.fulfilled_on, body.narrative, actor, expected, body.explanation
        ),
    )


@router.post(
    "/withdrawal", response_model=CommandAccepted, responses=DONE, summary="Withdraw the pledge"
)
def withdraw(
    id: PledgeIdPath,
    body: WithdrawalCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The owner or the Secretariat withdraws the pledge, saying why."""
    app = container.app
    return run_command(
        container, actor, "withdraw", 200, lambda: app.withdraw(id, body.reason, actor, expected)
    )


@router.post(
    "/lapse",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Lapse the pledge (Secretariat)",
)
def lapse(
    id: PledgeIdPath,
    body: LapseCreate,
    actor: SecretariatDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """Only once the deadline plus the grace period has passed without fulfilment."""
    app = container.app
    return run_command(
        container, actor, "lapse", 200, lambda: app.lapse(id, body.reason, actor, expected)
    )


@router.post(
    "/reinstatement",
    response_model=CommandAccepted,
    responses=DONE,
    summary="Reinstate a lapsed pledge (Secretariat)",
)
def reinstate(
    id: PledgeIdPath,
    body: ReinstatementCreate,
    actor: SecretariatDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """A lapsed pledge comes back with a new deadline after today."""
    app = container.app
    return run_command(
        container,
        actor,
        "reinstate",
        200,
        lambda: app.reinstate(id, body.deadline, body.reason, actor, expected),
    )


@router.post(
    "/deadline", response_model=CommandAccepted, responses=DONE, summary="Extend the deadline"
)
def extend_deadline(
    id: PledgeIdPath,
    body: DeadlineExtensionCreate,
    actor: ActorDep,
    container: ContainerDep,
    expected: ExpectedVersionDep,
) -> JSONResponse:
    """The owner or the Secretariat sets a later deadline, saying why."""
    app = container.app
    return run_command(
        container,
        actor,
        "extend_deadline",
        200,
        lambda: app.extend_deadline(id, body.deadline, body.reason, actor, expected),
    )
