"""The floors of DESIGN.md "Layout": imports point only downward, and SQL stays out of api/."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contract_holds() -> None:
    """pyproject.toml's [tool.importlinter] layers, as `lint-imports` in CI checks them."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout, result.stdout


SQL = re.compile(
    r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|LISTEN|NOTIFY|CREATE|ALTER|DROP|"
    r"TRUNCATE|LOCK\s+TABLE)\b"
)


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (words about SQL may stay)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sql_in(path: Path) -> list[str]:
    """What in the module looks like SQL: a string holding a statement, a call of
    `.execute`, or an import of psycopg's SQL composition."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if SQL.search(node.value):
                found.append(f"{where} {node.value[:60]!r}")
        elif isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany"):
            found.append(f"{where} .{node.attr}(...)")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("psycopg"):
            if any(alias.name == "sql" for alias in node.names) or node.module == "psycopg.sql":
                found.append(f"{where} from {node.module} import sql")
    return found


def test_no_sql_in_the_api() -> None:
    """Queries live with their read model (projections/) or their store (infrastructure/)."""
    modules = sorted((ROOT / "api").rglob("*.py"))
    assert len(modules) > 40
    assert [hit for path in modules for hit in sql_in(path)] == []


def test_the_sql_check_finds_sql(tmp_path: Path) -> None:
    sample = tmp_path / "module.py"
    sample.write_text(
        '"""Reads with SELECT."""\nfrom psycopg import sql\nQ = "SELECT 1"\n'
        "def f(conn):\n    conn.execute(Q)\n",
        encoding="utf-8",
    )
    assert len(sql_in(sample)) == 3
