"""Running a command: its answer, its metrics, and Idempotency-Key replays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse

from api.metrics import COMMANDS
from api.schemas.common import CommandAccepted
from domain.application import CommandResult
from domain.values import Actor
from infrastructure.container import Container
from infrastructure.idempotency import StoredResponse, request_hash


def accepted_body(result: CommandResult) -> dict[str, Any]:
    return CommandAccepted(
        id=result.id,
        reference=result.reference,
        version=result.version,
        status=result.status,
        position=result.position,
    ).model_dump(mode="json")


def answer(stored: StoredResponse, replayed: bool = False) -> JSONResponse:
    headers = {"ETag": f'"{stored.body["version"]}"'}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(stored.body, status_code=stored.status_code, headers=headers)


def run_command(
    container: Container,
    actor: Actor,
    command: str,
    status_code: int,
    work: Callable[[], CommandResult],
    idempotency: tuple[str, str, Any] | None = None,
) -> JSONResponse:
    """Run `work` once; with (key, operation, body), a retry gets the stored first answer."""
    if idempotency is None:
        return answer(perform(command, status_code, work))
    key, operation, body = idempotency
    owner = f"{actor.role.value}:{actor.id}"  # keys are per actor: two clients never collide
    store = container.idempotency
    first = store.claim(owner, key, request_hash(operation, body))
    if first is not None:
        return answer(first, replayed=True)
    try:
        stored = perform(command, status_code, work)
    except BaseException:
        # Nothing was recorded: free the key so that a corrected request can use it.
        store.release(owner, key)
        raise
    store.complete(owner, key, stored)
    return answer(stored)


def perform(command: str, status_code: int, work: Callable[[], CommandResult]) -> StoredResponse:
    result = work()
    COMMANDS.labels(command).inc()
    return StoredResponse(status_code, accepted_body(result))
