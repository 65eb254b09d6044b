"""`pledges import FILE [--dry-run]` as an operator runs it: a summary, every error by sheet,
row and column (exit 1, nothing written), and the same file twice changes nothing."""

from __future__ import annotations

import csv
import getpass
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infrastructure.database import Database
from service.cli import app
from tests.conftest import as_url

EXAMPLE = Path(__file__).parents[2] / "docs" / "import-example-2022.xlsx"


@pytest.fixture
def cli(database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", as_url(database))
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return CliRunner()


def test_dry_run_import_and_again(cli: CliRunner) -> None:
    dry = cli.invoke(app, ["import", str(EXAMPLE), "--dry-run"], catch_exceptions=False)
    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing written." in dry.output
    assert "pledges imported 3, skipped (already recorded) 0" in dry.output
    assert "PledgeNotFoundError" in cli.invoke(app, ["history", "GCM-2022-0101"]).output

    done = cli.invoke(app, ["import", str(EXAMPLE)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "pledgers created 4, found 0" in done.output
    assert "progress reports 6, partners 1" in done.output
    history = cli.invoke(app, ["history", "GCM-2022-0101", "--json"], catch_exceptions=False)
    (name,) = {e["actor"]["name"] for e in json.loads(history.output)}
    who = re.escape(getpass.getuser())
    assert re.fullmatch(
        rf"import import-example-2022\.xlsx \([0-9a-f]{{12}}\) by the command line \({who}\)", name
    )

    again = cli.invoke(app, ["import", str(EXAMPLE)], catch_exceptions=False)
    assert "pledges imported 0, skipped (already recorded) 3" in again.output
    assert "Nothing new: every pledge is already recorded." in again.output
    assert "pledgers created 0" in again.output


def test_errors_by_row_and_column_and_nothing_written(cli: CliRunner, tmp_path: Path) -> None:
    """The exports' CSV format: a pledger by its category, lists as `a; b`."""
    rows = [
        {
            "reference": "GCM-2021-0007",
            "title": "Language courses",
            "pledger": "Cidade Aberta",
            "pledger_category": "civil_society",
            "pledger_country": "PRT",
            "type": "individual",
            "forms": "process",
            "objectives": "16; 31",
            "pledged_on": "2021-03-01",
            "deadline": "2021-02-28",
            "description": "x" * 320,
            "status": "submitted",
        },
        {
            "reference": "GCM-2021-0008",
            "title": "Fair recruitment",
            "pledger": "Cidade Aberta",
            "pledger_category": "civil_society",
            "type": "individual",
            "forms": "policy",
            "objectives": "6",
            "pledged_on": "2021-03-01",
            "deadline": "2023-12-31",
            "description": "Too short.",
        },
    ]
    rows.append({**rows[0], "reference": "", "objectives": "16", "title": "Shelters"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "faulty.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = cli.invoke(app, ["import", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "Pledges row 2, objectives: " in result.output
    assert (
        "Pledges row 3, description: must be at least 300 characters (it has 10)" in result.output
    )
    assert "Pledges row 4, deadline: must be after the pledge date 2021-03-01" in result.output
    assert "3 errors: nothing written." in result.output
    assert "PledgeNotFoundError" in cli.invoke(app, ["history", "GCM-2021-0008"]).output
