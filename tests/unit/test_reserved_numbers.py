"""Reference numbers an import kept are never handed out again (the in-memory numbers; the
PostgreSQL sequence's own is tested in tests/integration/test_import.py)."""

from __future__ import annotations

from domain.application import InMemoryNumbers


def test_numbers_continue_after_the_reserved_ones_and_never_go_back() -> None:
    numbers = InMemoryNumbers()
    assert numbers.next_number(2022) == 1
    numbers.reserve(2022, 103)
    assert numbers.next_number(2022) == 104
    numbers.reserve(2022, 50)
    assert numbers.next_number(2022) == 105
    assert numbers.next_number(2023) == 1
