"""Event values as the read models' columns can hold them, whatever was recorded.

Today's rules (domain/bounds.py) keep new values well inside what PostgreSQL stores, but the
event store also holds what was recorded before them, and a read model must project every
event it holds: one value PostgreSQL refuses would stop the view at that event for good. So
each value an event gives a row passes through here, shown as stored wherever a column can
hold it, and bounded where it cannot:

- text: NUL (which PostgreSQL text cannot hold) and lone surrogates (which UTF-8 cannot) become
  U+FFFD, the replacement character; text beyond a column's bound (far beyond any rule: an
  index entry holds some 2,700 bytes, a search vector 1 MB) is cut there and ends with "…";
- amounts: numeric, and summed by the dashboard, when finite within 100 digits either side of
  the point (numeric itself stops at 131,072 and 16,383, and a sum must stay inside too);
  any other amount (1E+999999999, NaN) is kept as text in `amount_text`, with no numeric
  `amount`, so it is listed and exported as stored but left out of every sum and chart;
- whole numbers (percent complete, objectives) in int columns: a value beyond the int range
  is clamped to it (percent) or left out (an objective no int holds is no GCM objective).

Only strings, decimals and ints are inspected, and only by C-level checks that pass at once
for ordinary values: the live runner applies every event through here (bench/projections.py).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

REPLACEMENT = "\ufffd"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
TITLE = 500  # a btree index entry: 2,000 bytes of UTF-8 at most, with the pledge's id
NAME = 1_000
CODE = 100  # a reference, a language, a currency, a country: keys of indexes and counters
LONG = 20_000  # the description: its search vector must stay far below 1 MB
AMOUNT_DIGITS = 100
AMOUNT_TEXT = 60
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def text(value: Any, limit: int) -> Any:
    """The text as a text column can hold it (None stays None)."""
    if type(value) is not str:
        return value if value is None else text(str(value), limit)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    if "\x00" in value or not value.isascii():
        value = UNSTORABLE.sub(REPLACEMENT, value)
    return value


def codes(values: Any, limit: int = CODE) -> list[Any]:
    return [text(v, limit) for v in values]


def amount(value: Decimal | None) -> tuple[Decimal | None, str | None]:
    """(numeric amount, amount as text): one of them, or neither for no amount."""
    if value is None:
        return None, None
    if value.is_finite() and -AMOUNT_DIGITS < value.adjusted() < AMOUNT_DIGITS:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -AMOUNT_DIGITS:
            return value, None
    return None, amount_text(value)


def amount_text(value: Decimal) -> str:
    shown = str(value)
    if len(shown) > AMOUNT_TEXT:  # a bounded figure: 16 significant digits and the exponent
        shown = f"{value:.15E}"
    return shown


def summable(value: Decimal | None) -> bool:
    return value is not None and amount(value)[0] is not None


def whole(value: int) -> int:
    return max(INT_MIN, min(INT_MAX, value))


def wholes(values: Any) -> list[int]:
    return [v for v in values if INT_MIN <= v <= INT_MAX]
