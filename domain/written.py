"""Numbers as people write them in a form, by the form's language.

English: "1,200", "1 200", "1200.5"; French and Spanish: "1 200,5", "1.200,5". Spaces (also
the no-break and narrow no-break spaces browsers and word processors put in) and the other
language's decimal mark separate groups of three digits; the language's own mark is the
decimal point. In French or Spanish a lone point that cannot separate thousands ("1200.5",
"0.5") is read as a decimal point too: that is how numeric keypads write; a lone comma before
three digits ("1,200") is refused there as ambiguous. Everything else
("1,2,3", "12abc", "1e5") is refused in words a person understands. The JSON API takes JSON
numbers only; every form reads its numbers here, then checks them with domain/bounds.py.
"""

from __future__ import annotations

import re
from decimal import Decimal

from domain.errors import InvalidPledgeError

SPACES = " \u00a0\u202f\u2009"
DECIMAL_MARKS = {"en": ".", "fr": ",", "es": ","}
EXAMPLES = {"en": "1,200 or 1200.5", "fr": "1 200,5 or 1200,5", "es": "1.200,5 or 1200,5"}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}
LONGEST = 64  # characters: 15 + 6 digits with their separators fit many times over
PATTERNS: dict[str, re.Pattern[str]] = {}
# "1,200" on a French or Spanish form: one thousand two hundred written the English way, or
# 1,2 with two trailing zeros? Read either way, a report silently says a thousand times too
# much or too little (seen: a French city's 1,200 migrants advised recorded as 1.2).
AMBIGUOUS = re.compile(r"[+\-\u2212]?\d{1,3},\d{3}", re.ASCII)


def pattern(mark: str) -> re.Pattern[str]:
    """A sign, the whole part (plain digits, or groups of three after one to three digits),
    then the decimal mark and the decimals; one of the two parts at least."""
    if mark not in PATTERNS:
        groups = re.escape(SPACES + ("," if mark == "." else "."))
        whole = rf"\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+"
        PATTERNS[mark] = re.compile(
            rf"(?P<sign>[+\-\u2212]?)(?P<whole>{whole})?(?:{re.escape(mark)}(?P<decimals>\d+))?",
            re.ASCII,  # digits 0-9 only
        )
    return PATTERNS[mark]


def read(text: str, mark: str) -> Decimal | None:
    found = pattern(mark).fullmatch(text)
    if found is None or not (found["whole"] or found["decimals"]):
        return None
    whole = re.sub(r"\D", "", found["whole"] or "") or "0"
    sign = "-" if found["sign"] in ("-", "\u2212") else ""
    decimals = f".{found['decimals']}" if found["decimals"] else ""
    return Decimal(f"{sign}{whole}{decimals}")


def number(name: str, text: str, language: str = "en") -> Decimal:
    """The number `text` says, written as people write them in `language`."""
    written = text.strip()
    mark = DECIMAL_MARKS.get(language, ".")
    if mark == "," and AMBIGUOUS.fullmatch(written):
        whole, decimals = written.split(",")
        thousands, small = f"{whole}\u202f{decimals}", f"{whole},{decimals.rstrip('0') or '0'}"
        raise InvalidPledgeError(
            name, f"“{written}” could be {thousands} or {small}: write the one you mean"
        )
    found = read(written, mark) if len(written) <= LONGEST else None
    if found is None and mark == "," and "," not in written and written.count(".") == 1:
        found = read(written, ".")  # "1200.5": a point that cannot separate thousands
    if found is None:
        language = language if language in EXAMPLES else "en"
        raise InvalidPledgeError(
            name,
            f"“{written[:LONGEST]}” is not a number as written in {LANGUAGE_NAMES[language]}: "
            f"write it like {EXAMPLES[language]}",
        )
    return found


def written(value: Decimal, language: str = "en") -> str:
    """A number as a form shows it for `language`, to be read back by `number` unchanged:
    plain digits and the language's decimal mark (no groups, which a reader might take for
    decimals)."""
    if not value.is_finite() or value.adjusted() >= 30:  # stored before today's bounds
        return str(value)
    return format(value, "f").replace(".", DECIMAL_MARKS.get(language, "."))
