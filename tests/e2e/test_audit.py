"""Tamper evidence as people meet it: an operator edits an event row by hand and `pledges
verify` names it; anyone checks a published checkpoint's signature with its public key (as
the README shows); the Secretariat's console shows the last verification."""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from typer.testing import CliRunner

from domain.taxonomy import Category, Role
from domain.values import Actor
from infrastructure.database import Database
from service.cli import app
from tests.conftest import as_url, make_container
from tests.e2e.conftest import Api, World, fresh, problem
from tests.e2e.portal_helpers import STAFF_EMAIL, Portal, portal_fixture, sign_in
from workers.audit import checkpoint_due, verify_and_checkpoint
from workers.projection_runner import start_projection_runners
from workers.scheduler import scheduler_job

pytestmark = pytest.mark.postgres
portal = portal_fixture("audit")
SECRETARIAT = Actor("token:test", Role.SECRETARIAT)
# An operator's edit in psql: a Submitted event's first target raised.
EDIT = """UPDATE pledges_events SET state = convert_to(replace(convert_from(state, 'UTF8'),
    '"target":"', '"target":"9'), 'UTF8') WHERE notification_id = (SELECT min(notification_id)
    FROM pledges_events WHERE topic LIKE '%%Pledge.Submitted') RETURNING notification_id"""


def check(item: dict[str, object], public_key: str) -> bool:
    """The README's check of a checkpoint one holds, against the key one trusts."""
    made_at = datetime.fromisoformat(str(item["made_at"])).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = f"gcm-pledges checkpoint\n{item['position']}\n{item['head_hash']}\n{made_at}\n"
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    try:
        key.verify(base64.b64decode(str(item["signature"])), text.encode())
    except InvalidSignature:
        return False
    return True


def test_verify_names_the_event_edited_by_hand(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", as_url(fresh(database)))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("sample-data", "--pledges", "6", "--seed", "3", "--today", "2026-11-01")
    assert "The chain holds" in run("verify")
    with psycopg.connect(database.conninfo, autocommit=True) as conn:
        row = conn.execute(EDIT).fetchone()
        assert row is not None
        position = row[0]
    said = " ".join(run("verify", code=1).split())
    assert f"position {position}: edited Pledge.Submitted of GCM-" in said, said
    assert "The chain holds" in run("verify", "--from", str(position + 1))
    assert "Usage: pledges verify" in " ".join(run("verify", "--help").split())


def published(api: Api, **params: object) -> dict[str, object]:
    response = api.call("GET", "/api/audit/checkpoints", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_a_checkpoint_verifies_with_the_published_key_and_not_once_altered(world: World) -> None:
    world.pledge()
    made = verify_and_checkpoint(world.api.container, "test")
    assert made is not None
    body = published(world.api)
    newest = body["items"][0]  # type: ignore[index]
    assert newest["position"] == made.position and body["public_key"] == newest["public_key"]
    assert check(newest, str(body["public_key"]))
    altered: list[Callable[[dict[str, object]], object]] = [
        lambda c: c.update(position=int(str(c["position"])) + 1),
        lambda c: c.update(head_hash="00" * 32),
        lambda c: c.update(made_at="2020-01-01T00:00:00Z"),
    ]
    for alter in altered:
        copy = dict(newest)
        alter(copy)
        assert not check(copy, str(body["public_key"]))
    other_key = base64.b64encode(bytes(range(32))).decode()
    assert not check(newest, other_key)
    problem(world.api.call("GET", "/api/audit/checkpoints", params={"limit": 0}), 422)


def test_the_console_shows_the_last_verification(portal: Portal) -> None:
    c = portal.container
    portal.pledger("Lagos", "lagos@example.org")
    assert verify_and_checkpoint(c, "test") is not None
    last = c.audit.last_verification()
    assert last is not None and last.ok
    with portal.client() as staff, portal.client() as pledger, portal.client() as public:
        sign_in(portal, staff, STAFF_EMAIL)
        page = staff.get("/console/integrity")
        assert page.status_code == 200
        assert "The chain holds" in page.text and f"Position</dt><dd>{last.position} " in page.text
        assert last.finished_at.strftime("%Y-%m-%d %H:%M") in page.text
        assert 'id="checkpoints"' in page.text
        sign_in(portal, pledger, "lagos@example.org")
        assert pledger.get("/console/integrity").status_code == 403
        assert "The chain holds" not in public.get("/console/integrity").text


def test_the_scheduler_verifies_and_signs_when_a_day_has_passed(
    database: Database, tmp_path: Path
) -> None:
    with make_container(fresh(database), tmp_path) as c:
        c.app.register_pledger("Lisbon", Category.ACADEMIA, "PRT", False, SECRETARIAT)
        assert checkpoint_due(c)
        stop = threading.Event()  # the read models run, so the day's scan has them current
        runners = start_projection_runners(c.eventsourcing_env, c.database.conninfo, stop)
        try:
            scheduler_job(c)(lambda: False)  # leads once: the day's scan, then what is due
        finally:
            stop.set()
            for runner in runners:
                runner.join(10)
        last, made = c.audit.last_verification(), c.audit.checkpoints()
        assert last is not None and (last.ok, last.source, last.events) == (True, "scheduler", 1)
        assert [m.position for m in made] == [last.position] and made[0].valid
        assert not checkpoint_due(c)
        assert checkpoint_due(c, made[0].made_at + timedelta(days=1))
