"""Words and numbers as the documents print them, bounded whatever the input.

A Decimal such as 1E+999999999 is valid data, but `f"{d:,.0f}"` would spell out a billion
digits: figures beyond 15 digits are printed in scientific notation instead. Text is cleaned of
the control characters XML (and so DOCX) refuses, the same way for both formats.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from api.documents.model import Amount, Number

# XML 1.0 allows tab, newline and carriage return among the C0 controls, and no C1 control
# is useful in a pledge; surrogates cannot be encoded at all.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LARGEST_PLAIN = 15  # digits before the point printed as they are


def clean(text: str) -> str:
    return ILLEGAL.sub("", text)


def number(value: Number | None) -> str:
    if value is None:
        return "—"
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite():
        return "not a number"
    if amount.is_zero():
        return "0"
    exponent = amount.adjusted()
    if exponent >= LARGEST_PLAIN or exponent < -2:
        return f"{amount:.3E}"
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount.quantize(Decimal('0.01')):,}".rstrip("0").rstrip(".")


def money(amount: Amount | None) -> str:
    return "" if amount is None else f"{clean(amount.currency)} {number(amount.value)}"


def day(value: date | None) -> str:
    return "no deadline" if value is None else f"{value.day} {value:%B %Y}"


def moment(value: datetime) -> str:
    """'2 December 2026, 08:30 UTC': the time the data stands at, in UTC when it is known."""
    if value.tzinfo is None:
        return f"{day(value.date())}, {value:%H:%M}"
    value = value.astimezone(UTC)
    return f"{day(value.date())}, {value:%H:%M} UTC"


def percent(value: int | None) -> str:
    return "" if value is None else f"{max(0, min(100, value))}% complete"


def listing(items: list[str]) -> str:
    """'1, 5 and 16'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# The PDF prints at most about this many characters of a description or narrative (see
# bench/README.md, issue 17): layout costs WeasyPrint about a millisecond a line, and the long
# tail of texts (up to 3,000 characters and more) made a third of the 3,500 pledges' pages.
# The printed report is read in the room; the full text stays one link away, on the live page
# printed under every pledge, and in the DOCX the Secretariat edits.
PRINTED_LIMIT = 1200
SLACK = 200  # a text only this much over the limit is printed whole: cutting saves too little
ABRIDGED = " […] (full text on the live page)"
SENTENCE_END = re.compile(r"[.!?…。](?=\s)")


def abridged(value: str, limit: int = PRINTED_LIMIT) -> str:
    """The text cut at the last sentence end before `limit` characters (at a word if no
    sentence ends in its second half), with a note that it goes on; short texts unchanged."""
    if len(value) <= limit + SLACK:
        return value
    head = value[: limit + 1]
    ends = [m.end() for m in SENTENCE_END.finditer(head) if m.end() >= limit // 2]
    space = head.rfind(" ")
    cut = ends[-1] if ends else space if space >= limit // 2 else limit
    return value[:cut].rstrip() + ABRIDGED
