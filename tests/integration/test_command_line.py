"""The `pledges` command line as an operator uses it, on a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from infrastructure.database import Database
from infrastructure.migrations import available
from service.cli import app
from tests.conftest import as_url
from tests.factories import wire_pledge

EMAIL = "ana.focal@lisboa.example.org"


@pytest.fixture
def run(any_database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", as_url(any_database))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    invoke.database = any_database  # type: ignore[attr-defined]
    return invoke


def rows_containing(database: Database, text: str) -> int:
    with database.pool().connection() as conn:
        total = 0
        for table in ("pledges_events", "pledges_snapshots"):
            row = conn.execute(
                f"SELECT count(*) FROM {table} WHERE position(%s::bytea in state) > 0",
                (text.encode(),),
            ).fetchone()
            total += row[0] if row else 0
        return total


def test_contacts_are_erased_for_good_and_never_were_in_an_event(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pledger_id = run(
        "pledgers",
        "add",
        "--name",
        "City of Lisbon",
        "--category",
        "local_regional_government",
        "--country",
        "PRT",
        "--contact",
        f"Ana Silva <{EMAIL}> | Migration officer",
    ).strip()
    pledge = tmp_path / "pledge.json"
    pledge.write_text(json.dumps(wire_pledge(pledger_id)))
    run("submit", "--file", str(pledge))
    assert EMAIL in run("contacts", "list", pledger_id)
    assert rows_containing(run.database, EMAIL) == 0
    assert rows_containing(run.database, "City of Lisbon") == 1  # the search itself works
    assert "Erased 1 contact(s)" in run("contacts", "erase", pledger_id, "--yes")
    assert EMAIL not in run("contacts", "list", pledger_id)
    with run.database.pool().connection() as conn:
        left = conn.execute(
            "SELECT count(*) FROM pledger_contacts WHERE email = %s", (EMAIL,)
        ).fetchone()
    assert left == (0,)


def test_sample_data_then_history_shows_a_full_history(run) -> None:  # type: ignore[no-untyped-def]
    out = run("sample-data", "--pledges", "40", "--seed", "7", "--today", "2026-11-01")
    assert "Wrote" in out and "40 pledges" in out
    reference = out.strip().split()[-1]
    history = json.loads(run("history", reference, "--json"))
    assert history[0]["type"] == "Submitted" and history[0]["data"]["reference"] == reference
    assert [h["version"] for h in history] == list(range(1, len(history) + 1))
    assert history[0]["effective_on"] == history[0]["data"]["pledged_on"]
    assert all(h["actor"]["name"] and ":" not in h["actor"]["name"] for h in history)
    shown = json.loads(run("show", reference))
    assert shown["reference"] == reference and shown["version"] == len(history)
    pledged_on = history[0]["data"]["pledged_on"]
    then = json.loads(run("show", reference, "--as-of", pledged_on))
    in_effect = [h["version"] for h in history if h["effective_on"] <= pledged_on]
    assert then["version"] == max(in_effect)
    assert all(r["as_of"] <= pledged_on for r in then["progress_reports"])


def test_history_in_a_pipe_is_a_readable_table(run) -> None:  # type: ignore[no-untyped-def]
    """Piped (no terminal), the table is 120 columns wide: names and labelled values, no
    reprs, no ids."""
    reference = run("sample-data", "--pledges", "12", "--seed", "5").strip().split()[-1]
    env = {**os.environ, "DATABASE_URL": as_url(run.database)}
    env.pop("COLUMNS", None)
    pledges = str(Path(sys.executable).parent / "pledges")
    table = subprocess.run(
        [pledges, "history", reference],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    lines = table.splitlines()
    assert max(len(line) for line in lines) == 120
    assert "effective" in lines[2] and "recorded (UTC)" in lines[2]
    assert "Submitted" in table and "Title:" in table and "Pledged on:" in table
    for fragment in ("Decimal(", "IndicatorValue(", "<PledgeType", "pledger:", "staff:"):
        assert fragment not in table
    pledger = json.loads(run("history", reference, "--json"))[0]["actor"]["name"]
    assert pledger.split()[0] in table


def test_sample_data_is_deterministic_for_a_seed(run) -> None:  # type: ignore[no-untyped-def]
    first = run("sample-data", "--pledges", "15", "--seed", "3", "--today", "2026-11-01")
    shown = json.loads(run("show", first.strip().split()[-1]))
    assert shown["title"].endswith("(15)")
    counts = {}
    with run.database.pool().connection() as conn:
        for topic, n in conn.execute("SELECT topic, count(*) FROM pledges_events GROUP BY topic"):
            counts[topic.rsplit(".", 1)[-1]] = n
    for kind in ("Submitted", "ProgressReported", "Registered"):
        assert counts.get(kind, 0) > 0, counts


def test_the_embedded_database_is_reused_and_stopped_on_exit(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATA_DIR"] = str(tmp_path / "var")
    pledges = str(Path(sys.executable).parent / "pledges")
    subprocess.run(
        [pledges, "sample-data", "--pledges", "3"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    status = subprocess.run(
        [pledges, "db", "status"], env=env, check=True, capture_output=True, text=True, timeout=120
    ).stdout
    assert "embedded" in status
    events = int(status.split("events:")[1].split()[0])
    assert events > 3
    pgdata = str(tmp_path / "var" / "pg")
    running = [
        p
        for p in psutil.process_iter(["name", "cmdline"])
        if p.info["name"] == "postgres" and pgdata in " ".join(p.info["cmdline"] or [])
    ]
    assert running == []


def test_db_status_shows_the_schema_version_and_db_migrate_brings_it_up_to_date(run) -> None:  # type: ignore[no-untyped-def]
    n = len(available())
    before = run("db", "status")
    assert f"schema:   version 0, {n} pending" in before
    assert "0001 baseline  pending" in before
    assert "unknown until migrated" in before
    migrated = run("db", "migrate")
    assert f"schema:   version {n}, applied {n} now" in migrated
    assert "0001 baseline  applied 20" in migrated
    assert "applied 0 now" in run("db", "migrate")
    after = run("db", "status")
    assert f"schema:   version {n}, up to date" in after
    assert "events:   0 (event store head position)" in after
