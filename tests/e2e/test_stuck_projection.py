"""A projection that still cannot apply an event is loud: `pledges projections status`,
`/readyz`, `/metrics`, the log (once a minute, not at every retry) and the console name the
projection, the event's position, its pledge and type, and the error; all of it goes once
the projection moves past the event. The view is made to refuse one event by a constraint
added to its table, as a database would refuse a value no rule foresaw."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import pytest
from typer.testing import CliRunner

from domain.taxonomy import Role
from domain.values import Actor
from infrastructure.container import Container
from service.cli import app as cli
from tests.conftest import as_url
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, portal_fixture, sign_in
from tests.factories import DEADLINE, PLEDGED_ON, content

portal = portal_fixture("stuck")
POISON = "ALTER TABLE pledge_summaries ADD CONSTRAINT refuses_poison CHECK (title <> 'Poison')"
CURE = "ALTER TABLE pledge_summaries DROP CONSTRAINT refuses_poison"


def until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


def listed(c: Container, reference: str) -> bool:
    return c.queries.get(c.app.get_pledge(reference).id, c.app.today()) is not None


def status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, c: Container) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", as_url(c.database))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["projections", "status"])
    return result.exit_code, result.output


def test_a_stuck_projection_is_named_everywhere_until_it_moves_past(
    portal: Portal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    c = portal.container
    owner = UUID(portal.pledger("Stuck", "focal@stuck.example.org"))
    actor = Actor(str(owner), Role.PLEDGER)
    with c.database.pool().connection() as conn:
        conn.execute(POISON)
    caplog.set_level(logging.ERROR, logger="workers.leadership")
    before, poison, after = (
        c.app.submit(owner, content(title=title), PLEDGED_ON, DEADLINE, actor)
        for title in ("Before", "Poison", "After")
    )
    until(lambda: any(f.attempts >= 3 for f in c.views.failing()), "three failed attempts")

    [failure] = c.views.failing()
    assert (failure.projection, failure.reference) == ("pledge_summaries", poison.reference)
    assert failure.position == (poison.position or 0) - 1  # its Submitted, then its reference
    assert failure.event_type == "Pledge.Submitted" and "refuses_poison" in failure.error
    assert c.views.positions()["pledge_summaries"] == failure.position - 1
    assert listed(c, before.reference) and not listed(c, after.reference)
    logged = [r for r in caplog.records if "cannot apply event" in r.getMessage()]
    assert len(logged) == 1, [r.getMessage() for r in logged]  # not one per retry
    assert poison.reference in logged[0].getMessage()

    code, shown = status(tmp_path, monkeypatch, c)
    assert code == 1, shown
    line = next(x for x in shown.splitlines() if x.startswith("pledge_summaries: event"))
    for part in (str(failure.position), poison.reference, "Pledge.Submitted", "refuses_poison"):
        assert part in line, (part, line)
    with portal.client() as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        [shown_failure] = ready.json()["failing"]
        assert shown_failure["reference"] == poison.reference
        assert shown_failure["position"] == failure.position
        metrics = client.get("/metrics").text
        assert 'pledges_projection_stuck{projection="pledge_summaries"} 1.0' in metrics
        assert 'pledges_projection_stuck{projection="dashboard"} 0.0' in metrics
        sign_in(portal, client, STAFF_EMAIL)
        console = client.get("/console").text
        assert 'id="failing-projections"' in console and poison.reference in console

    with c.database.pool().connection() as conn:
        conn.execute(CURE)
    until(lambda: not c.views.failures.current(), "the failure to be forgotten")
    assert listed(c, poison.reference) and listed(c, after.reference)
    code, shown = status(tmp_path, monkeypatch, c)
    assert code == 0 and "No projection is failing" in shown, shown
    with portal.client() as client:
        assert client.get("/readyz").json() == {"status": "ready"}
        metrics = client.get("/metrics").text
        assert 'pledges_projection_stuck{projection="pledge_summaries"} 0.0' in metrics
