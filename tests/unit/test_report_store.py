"""The report documents' store: a document is made once per key however many ask at once,
kept and served again without being made, made in the background past the wait, and the
folder stays within its bounds (least recently used go first)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from api.reports.store import ReportStore


def test_many_asking_at_once_make_the_document_once_and_then_it_is_kept(tmp_path: Path) -> None:
    store = ReportStore(tmp_path, wait=0, max_files=10, max_bytes=10**6)
    release, made = threading.Event(), []

    def make(out: Path) -> None:
        release.wait(10)
        made.append(out)
        out.write_bytes(b"%PDF-1.7 report")

    try:
        answers = [store.get("k1", "pdf", make) for _ in range(5)]
        assert answers == [None] * 5  # in the background: ask again later
        assert store.preparing("k1", "pdf") and not store.preparing("k2", "pdf")
        release.set()
        if (future := store.running.get("k1.pdf")) is not None:
            future.result(10)
        kept = store.get("k1", "pdf", make)
        assert kept is not None and kept.read_bytes() == b"%PDF-1.7 report"
        assert len(made) == 1 and not store.preparing("k1", "pdf")
        assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["k1.pdf"]
    finally:
        release.set()
        store.close()


def test_a_document_made_within_the_wait_is_answered_at_once(tmp_path: Path) -> None:
    store = ReportStore(tmp_path, wait=30, max_files=10, max_bytes=10**6)
    try:
        found = store.get("k", "docx", lambda out: out.write_bytes(b"PK docx"))
        assert found is not None and found.read_bytes() == b"PK docx"
    finally:
        store.close()


def test_the_folder_keeps_the_most_recently_used_within_its_bounds(tmp_path: Path) -> None:
    store = ReportStore(tmp_path, wait=30, max_files=2, max_bytes=10**6)
    try:
        for key in ("a", "b"):
            store.get(key, "pdf", lambda out: out.write_bytes(b"x" * 100))
        assert store.kept("a", "pdf") is not None  # a is now the most recently used
        store.get("c", "pdf", lambda out: out.write_bytes(b"x" * 100))
        names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
        assert names == ["a.pdf", "c.pdf"]
        small = ReportStore(tmp_path / "small", wait=30, max_files=10, max_bytes=150)
        for key in ("d", "e"):
            small.get(key, "pdf", lambda out: out.write_bytes(b"x" * 100))
        assert [p.name for p in (tmp_path / "small").iterdir() if p.suffix == ".pdf"] == ["e.pdf"]
        small.close()
    finally:
        store.close()


def test_a_failed_document_is_made_again_at_the_next_request(tmp_path: Path) -> None:
    store = ReportStore(tmp_path, wait=30, max_files=10, max_bytes=10**6)

    def fail(_out: Path) -> None:
        raise RuntimeError("no fonts")

    try:
        with pytest.raises(RuntimeError, match="no fonts"):
            store.get("k", "pdf", fail)
        assert store.kept("k", "pdf") is None and not list(tmp_path.glob("*.part"))
        assert store.get("k", "pdf", lambda out: out.write_bytes(b"ok")) is not None
    finally:
        store.close()


def test_the_latest_document_of_the_same_filters_is_found_by_position(tmp_path: Path) -> None:
    store = ReportStore(tmp_path, wait=30, max_files=10, max_bytes=10**6)
    try:
        for key in ("stem-9", "stem-10", "other-11"):
            store.get(key, "pdf", lambda out: out.write_bytes(b"x"))
        found = store.latest("stem-12", "pdf")
        assert found is not None and found.name == "stem-10.pdf"
        assert store.latest("stem-12", "docx") is None and store.latest("none-1", "pdf") is None
    finally:
        store.close()
