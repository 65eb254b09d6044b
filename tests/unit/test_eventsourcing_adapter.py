"""What the service uses of the eventsourcing library beyond its public surface: each part is
still there (infrastructure/eventsourcing_adapter.py names them), and nothing else uses one."""

from __future__ import annotations

import ast
import inspect
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import eventsourcing
import pytest
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder

from domain.application import PledgeTracker
from infrastructure.eventsourcing_adapter import (
    PRIVATE_PARTS,
    LibraryChangedError,
    TrackedPledges,
    pull_anyway,
)
from tests.unit.tracker import IN_MEMORY, register, submit

ROOT = Path(__file__).resolve().parents[2]
ADAPTER = ROOT / "infrastructure" / "eventsourcing_adapter.py"
OURS = ("domain", "projections", "infrastructure", "api", "workers", "service", "bench")


@pytest.mark.parametrize("owner, name, params", PRIVATE_PARTS, ids=lambda p: str(p))
def test_each_private_part_is_still_there(
    owner: type, name: str, params: tuple[str, ...] | None
) -> None:
    if params is None:  # an attribute an __init__ of the class or its bases sets
        sources = [
            inspect.getsource(k)
            for k in owner.__mro__
            if k.__module__.startswith("eventsourcing.") and "__init__" in vars(k)
        ]
        assert any(f"self.{name} = " in source for source in sources), (owner, name)
    else:
        method = getattr(owner, name)
        assert list(inspect.signature(method).parameters) == list(params), (owner, name)


def test_a_subscription_is_reached_through_its_public_attribute() -> None:
    from eventsourcing.projection import ApplicationSubscription

    assert "self.subscription = " in inspect.getsource(ApplicationSubscription.__init__)


def test_pull_anyway_wakes_the_subscription_and_fails_loudly_when_it_cannot() -> None:
    notified = threading.Event()
    runner: Any = SimpleNamespace(
        _subscription=SimpleNamespace(subscription=SimpleNamespace(_has_been_notified=notified))
    )
    pull_anyway(runner)
    assert notified.is_set()
    for moved in (
        SimpleNamespace(),
        SimpleNamespace(_subscription=SimpleNamespace(subscription=SimpleNamespace())),
        SimpleNamespace(
            _subscription=SimpleNamespace(subscription=SimpleNamespace(_has_been_notified=None))
        ),
    ):
        with pytest.raises(LibraryChangedError):
            pull_anyway(moved)  # type: ignore[arg-type]


def test_the_tracking_statements_views_use_in_their_transactions() -> None:
    """projections/tracking.py runs these (public attributes) inside a view's transaction."""
    datastore = PostgresDatastore("db", "localhost", 5432, "user", "password")  # not opened
    recorder = PostgresTrackingRecorder(datastore, tracking_table_name="views_tracking")
    insert = recorder.insert_tracking_statement.as_string(None)
    assert "%(application_name)s, %(notification_id)s" in insert
    assert "ON CONFLICT (application_name)" in insert and "RETURNING notification_id" in insert
    select = recorder.max_tracking_id_statement.as_string(None)
    assert "MAX(notification_id)" in select and "application_name=%s" in select


def test_the_faster_save_records_snapshots_and_names_the_application_as_before() -> None:
    assert TrackedPledges.name == PledgeTracker.name == "Pledges"
    app = TrackedPledges(IN_MEMORY)
    owner = register(app)  # a pledger: an aggregate
    pledge_id = submit(app, owner).id  # a pledge and its reference, in one save
    for n in range(49):
        app.report_progress(pledge_id, app.today(), n, "On track", (), owner)
    assert app.snapshots is not None
    snapshot = next(iter(app.snapshots.get(pledge_id, desc=True, limit=1)))
    assert snapshot.originator_version == 50  # every 50 events, as the library takes them
    assert app.get_pledge(pledge_id).version == 50
    assert app.recorder.max_notification_id() == 52  # pledger, pledge, reference, 49 reports


def library_private_names() -> set[str]:
    """Every _name the library defines (methods, attributes set on self), not dunders."""
    names: set[str] = set()
    for path in Path(eventsourcing.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


# Underscored, yet the library's documented way: Aggregate._create makes an aggregate from a
# named class method (eventsourcing's docs, "domain" module).
DOCUMENTED = {"_create"}


def own_names(tree: ast.AST) -> set[str]:
    """The _names a module defines or sets on its own objects."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return names


def library_classes(tree: ast.AST) -> set[str]:
    """The names a module imports from the library."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("eventsourcing")
        for alias in node.names
    }


def private_uses(path: Path, private: set[str]) -> list[str]:
    """Attributes of the library's that the module reaches, and the library's private
    methods its subclasses of library classes override."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mine, imported = own_names(tree), library_classes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in private and node.attr not in mine:
            found.append(f"{path.name}:{node.lineno} {node.attr}")
        if isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Name) and base.id in imported for base in node.bases
        ):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in private:
                    found.append(f"{path.name}:{item.lineno} overrides {item.name}")
    return found


def test_no_module_but_the_adapter_uses_a_private_name_of_the_library() -> None:
    private = library_private_names() - DOCUMENTED
    assert {"_record", "_insert_tracking", "_subscription", "_notify_channel"} <= private
    modules = [p for package in OURS for p in sorted((ROOT / package).rglob("*.py"))]
    assert len(modules) > 100 and ADAPTER in modules
    assert len(private_uses(ADAPTER, private)) >= 6  # the check sees what the adapter does
    found = [hit for path in modules if path != ADAPTER for hit in private_uses(path, private)]
    assert found == []
