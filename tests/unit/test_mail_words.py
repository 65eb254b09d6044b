"""The mails' words: dates as each language writes them, when something is due, and French
typography; every notice has its words in every language, with only the values it is given."""

from __future__ import annotations

import string
from datetime import date

import pytest

from workers.mail_words import FRAME, LANGUAGES, STATUSES, listed, long_date
from workers.messages import when
from workers.notices import NOTICES


@pytest.mark.parametrize(
    ("day", "lang", "written"),
    [
        (date(2027, 12, 31), "en", "31 December 2027"),
        (date(2027, 12, 31), "fr", "31 décembre 2027"),
        (date(2028, 1, 1), "fr", "1er janvier 2028"),
        (date(2027, 12, 31), "es", "31 de diciembre de 2027"),
        (date(2028, 8, 1), "es", "1 de agosto de 2028"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(day: date, lang: str, written: str) -> None:
    assert long_date(day, lang) == written


def test_when_says_how_far_off() -> None:
    assert [when(n, "en") for n in (7, 1, 0, -3)] == [
        "in 7 days",
        "tomorrow",
        "today",
        "3 days ago",
    ]
    assert [when(n, "fr") for n in (7, 1)] == ["dans 7 jours", "demain"]
    assert [when(n, "es") for n in (7, 1, 0)] == ["dentro de 7 días", "mañana", "hoy"]


def test_lists_are_joined_in_the_language() -> None:
    assert listed(["Lisbon", "Porto", "Faro"], "en") == "Lisbon, Porto and Faro"
    assert listed(["Lisbonne", "Porto"], "fr") == "Lisbonne et Porto"
    assert listed(["Lisboa", "Oporto"], "es") == "Lisboa y Oporto"


VALUES = {
    "deadline",
    "lapses_on",
    "last_report",
    "day",
    "from_now",
    "lapse_from_now",
    "grace",
    "page",
    "comments",
}


def test_every_notice_has_its_words_in_every_language() -> None:
    for kind, rule in NOTICES.items():
        assert set(rule.words) == set(LANGUAGES), kind
        for lang, words in rule.words.items():
            for text in (words.label, words.reason, words.action):
                names = {name for _t, name, _f, _c in string.Formatter().parse(text) if name}
                assert names <= VALUES, (kind, lang, text)
                if lang == "fr":  # a no-break space before the high marks, as French writes
                    assert not any(f" {mark}" in text for mark in ":;?!"), (kind, text)
    for lang in LANGUAGES:
        assert set(STATUSES[lang]) == set(STATUSES["en"])
        assert set(FRAME[lang]) == set(FRAME["en"])
