"""Property-based tests of the OpenAPI document against the app: never a 5xx, and every
response conforms to what the document says (status, content type, headers, schema)."""

from __future__ import annotations

from typing import Any, cast

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.types import ASGIApp, Receive, Scope, Send

from api.main import create_app
from infrastructure.container import Container
from tests.e2e.conftest import World

pytestmark = pytest.mark.postgres
EXAMPLES_PER_OPERATION = 25


class Forward:
    """An ASGI app that passes requests on to the app under test, which a fixture starts.

    schemathesis.pytest.from_fixture would load the schema from a fixture instead, but it
    breaks on pytest 9 (it sets Function._nodeid, which is gone)."""

    target: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the target's own lifespan runs under its TestClient
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        assert self.target is not None, "the `pledges` fixture sets the target"
        await self.target(scope, receive, send)


FORWARD = Forward()
# The document needs no database: an app that is never started (so never reads its container)
# describes every operation.
schema = schemathesis.openapi.from_dict(create_app(cast(Container, None)).openapi())
schema.app = FORWARD
# The token is sent by the test; generated Authorization headers would only be overridden.
schema.config.generation.update(
    max_examples=EXAMPLES_PER_OPERATION, deterministic=True, with_security_parameters=False
)
REFS: list[str] = []  # real pledges of each kind, made by the `pledges` fixture


@schema.hook
def flatmap_path_parameters(_context: Any, parameters: dict[str, Any] | None) -> Any:
    """Besides random ids, real pledges of each kind, so commands reach the domain's rules."""
    if not parameters or "id" not in parameters:
        return st.just(parameters)
    ids = st.sampled_from([*REFS, parameters["id"]])
    return ids.map(lambda value: {**parameters, "id": value})


@schema.hook
def map_query(_context: Any, query: dict[str, Any] | None) -> dict[str, Any] | None:
    """No projection runner runs here: a read-your-writes wait would only time out (5 s)."""
    if query:
        query.pop("min_position", None)
    return query


@pytest.fixture
def pledges(world: World) -> World:
    REFS[:] = [
        world.pledge(),
        world.partnership(),
        world.pledge(type="matching"),
        world.pledge(pledged_on="2020-01-15", deadline="2021-06-30"),
    ]
    FORWARD.target = world.api.client.app
    return world


@schema.parametrize()
# The fixture's pledges may change state between examples: that's fine, any state must hold.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_honours_its_openapi_document(case: schemathesis.Case[Any], pledges: World) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {pledges.secretariat}"},
        # Schema-valid input may still be a 422 (the domain's rules: a deadline before the
        # pledge date, a description of blanks) or a 412 (a stale If-Match): not a failure.
        excluded_checks=[positive_data_acceptance],
    )
