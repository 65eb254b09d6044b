"""The report's order and parts, and its figures, without rendering anything."""

from __future__ import annotations

import time
from decimal import Decimal

from api.documents.outline import sections
from api.documents.paging import parts
from api.documents.sample import synthetic
from api.documents.text import ABRIDGED, PRINTED_LIMIT, abridged, clean, number


def test_a_pledge_is_written_under_its_first_listed_objective_once() -> None:
    report = synthetic(120, seed=5)
    tables = sections(report)
    written = [e.pledge.reference for t in tables for o in t.objectives for e in o.written]
    assert sorted(written) == sorted(p.reference for p in report.pledges)
    for table in tables:
        for objective in table.objectives:
            assert all(e.pledge.objectives[0] == objective.number for e in objective.written)
            assert all(objective.number in e.pledge.objectives[1:] for e in objective.referenced)


def test_parts_hold_every_piece_once_and_stay_within_their_size() -> None:
    tables = sections(synthetic(300, seed=6))
    cut = parts(tables, 7)
    written = [e for part in cut for piece in part for e in piece.written]
    assert len(written) == 300 == len({e.anchor for e in written})
    assert all(sum(len(piece.written) for piece in part) <= 7 for part in cut)


def test_figures_are_bounded_whatever_their_size() -> None:
    started = time.perf_counter()
    assert number(Decimal("1E+999999999")) == "1.000E+999999999"
    assert number(Decimal("-1E-999999999")) == "-1.000E-999999999"
    assert number(Decimal("1234567.891")) == "1,234,567.89"
    assert number(Decimal("NaN")) == "not a number"
    assert number(None) == "—"
    assert time.perf_counter() - started < 1


def test_control_characters_are_removed_and_the_rest_kept() -> None:
    assert clean("a\x00b\x0bc\td\ne — ü <x>") == "abc\td\ne — ü <x>"


def test_a_long_text_is_printed_up_to_a_sentence_end_and_says_where_the_rest_is() -> None:
    sentence = "Border officials are trained in the rights of migrants in every province. "
    long = sentence * 40
    printed = abridged(long)
    assert printed.endswith("province." + ABRIDGED)
    assert len(printed) <= PRINTED_LIMIT + len(ABRIDGED)
    assert long.startswith(printed.removesuffix(ABRIDGED))
    short = sentence * 15  # about 1,100 characters: printed whole
    assert abridged(short) == short
    unbroken = "x" * 3000  # no sentence end nor space: cut at the limit all the same
    assert abridged(unbroken) == "x" * PRINTED_LIMIT + ABRIDGED
