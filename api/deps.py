"""Dependencies, as `Annotated` aliases that endpoints declare as parameter types."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.authentication import Authenticator
from api.cache import RecentPositions
from api.problems import forbidden, unauthorized
from api.waiting import PositionWatch
from domain.application import PledgeTracker
from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.container import Container

log = logging.getLogger("api.auth")
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="BearerToken",
    description="A token from `pledges tokens create`: Secretariat, or one pledger's.",
)


# What the app holds (api/main.py's lifespan puts it on app.state): the process's container
# and the API's own per-process parts. Dependencies that do no I/O are `async def`: FastAPI
# runs a plain `def` dependency in its threadpool, and a thread hop for each costs more than a
# cached answer (bench/README.md).
async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_tracker(request: Request) -> PledgeTracker:
    tracker: PledgeTracker = request.app.state.container.app
    return tracker


TrackerDep = Annotated[PledgeTracker, Depends(get_tracker)]


async def get_positions(request: Request) -> RecentPositions:
    positions: RecentPositions = request.app.state.positions
    return positions


PositionsDep = Annotated[RecentPositions, Depends(get_positions)]


async def get_watch(request: Request) -> PositionWatch:
    watch: PositionWatch = request.app.state.watch
    return watch


WatchDep = Annotated[PositionWatch, Depends(get_watch)]


async def optional_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor | None:
    """None for the public; 401 for any token that is malformed, unknown or revoked. On the
    event loop (the lookup is async), reaching the authenticator through the request rather
    than a dependency of its own: each dependency level costs every request."""
    if credentials is None:
        if "authorization" in request.headers:
            log.warning("authentication failed: not a bearer token", extra=where(request))
            raise unauthorized()
        return None
    auth: Authenticator = request.app.state.auth
    actor = await auth.authenticate(credentials.credentials)
    if actor is None:
        # Never log the token itself, not even a prefix of it.
        log.warning("authentication failed: unknown or revoked token", extra=where(request))
        raise unauthorized()
    return actor


def where(request: Request) -> dict[str, str]:
    client = request.client.host if request.client else ""
    return {"client": client, "path": request.url.path, "request_id": request.state.request_id}


OptionalActorDep = Annotated[Actor | None, Depends(optional_actor)]


async def require_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    actor = await optional_actor(request, credentials)
    if actor is None:
        raise unauthorized("This operation needs a bearer token.")
    return actor


ActorDep = Annotated[Actor, Depends(require_actor)]


async def require_secretariat(actor: ActorDep) -> Actor:
    if actor.role != Role.SECRETARIAT:
        raise forbidden("Only the Secretariat can do this.")
    return actor


SecretariatDep = Annotated[Actor, Depends(require_secretariat)]


async def parse_if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description='The version the client last read (its ETag, e.g. `"3"`); '
            "a mismatch answers 412 with the current version. `*` or absent: any version.",
            pattern=r'^\s*(\*|"\d{1,9}"|\d{1,9})\s*$',
            examples=['"3"'],
        ),
    ] = None,
) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    return int(if_match.strip().strip('"'))


ExpectedVersionDep = Annotated[int | None, Depends(parse_if_match)]

IdempotencyKeyDep = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="A unique key per intended request (e.g. a UUID): a retry with the same key "
        "gets the first answer; the same key with a different body is a 422.",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        examples=["0b6f2c7e-4f1d-4a57-9b35-6a2d1c3e8f90"],
    ),
]

PledgeIdPath = Annotated[
    str,
    Path(
        description="The pledge's id (UUID) or its reference (e.g. `GCM-2026-0042`).",
        max_length=100,
        examples=["GCM-2026-0042"],
    ),
]
