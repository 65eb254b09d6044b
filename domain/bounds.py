"""The one definition of every value a person gives (DESIGN.md, "Security and operations").

Every entry point checks values with these functions: the API's request schemas build their
field types from them, the portal and console forms and the command line reach them through
the domain's constructors and commands, which call them too, so nothing gets around them. Each
returns the value as it is to be recorded, or raises an InvalidPledgeError naming the field
and the rule. Events stored before a rule existed are never checked again
(infrastructure/schemas.py).

- text: no NUL nor any other control character but newline and tab, and no lone surrogate
  (no character at all: UTF-8 cannot hold it); line ends as browsers send them (CRLF, CR)
  become LF, so a text reads the same whichever way it came in;
- amounts: finite, positive, at most 15 digits before the point and at most the currency's
  ISO 4217 minor unit after it (JPY 0, EUR 2, KWD 3), in a currency in use;
- quantities (indicator values, baselines, targets): finite, at most 15 digits before the
  point and 6 after it (a millionth of a unit: enough for rates and shares);
- dates a person gives: from the GCM's adoption (2018-12-10) to 2100-12-31.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from domain.errors import InvalidPledgeError
from domain.taxonomy import CURRENCIES, MINOR_UNITS

INTEGER_DIGITS = 15
QUANTITY_DECIMALS = 6
FIRST_DAY = date(2018, 12, 10)  # the GCM's adoption
LAST_DAY = date(2100, 12, 31)
# C0 and C1 controls but tab and newline, DEL, and the surrogates (never a character alone).
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
LINE_ENDS = re.compile("\r\n?")


def text(name: str, value: object, *, limit: int, required: bool = True) -> str:
    """The text with LF line ends, or an error naming the rule it breaks."""
    if not isinstance(value, str):
        raise InvalidPledgeError(name, "must be text")
    if "\r" in value:
        value = LINE_ENDS.sub("\n", value)
    if len(value) > limit:
        raise InvalidPledgeError(name, f"must be at most {limit} characters")
    found = NOT_TEXT.search(value)
    if found is not None:
        char = found.group()
        what = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
        raise InvalidPledgeError(
            name,
            f"contains {what} (U+{ord(char):04X}); text may hold newlines and tabs, "
            "but no other control character",
        )
    if required and not value.strip():
        raise InvalidPledgeError(name, "must not be empty")
    return value


def quantity(name: str, value: object, decimals: int = QUANTITY_DECIMALS) -> Decimal:
    """A finite decimal of at most 15 integer digits and `decimals` decimals; zeros beyond
    those decimals are dropped (1.500 EUR is 1.50 EUR)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidPledgeError(name, "must be a decimal number (finite)")
    if value.adjusted() >= INTEGER_DIGITS:
        raise InvalidPledgeError(
            name, f"must have at most {INTEGER_DIGITS} digits before the decimal point"
        )
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -decimals:
        # At most 15 + 6 digits: quantize stays within the default 28 digits of precision.
        rounded = value.quantize(Decimal(1).scaleb(-decimals))
        if rounded != value:
            allowed = f"at most {decimals} decimals" if decimals else "no decimals"
            raise InvalidPledgeError(name, f"may have {allowed}")
        value = rounded
    return value


def currency(name: str, code: object) -> str:
    if not isinstance(code, str) or code not in CURRENCIES:
        raise InvalidPledgeError(
            name, f"{code!r} is not an ISO 4217 currency code of a currency in use"
        )
    return code


def amount(name: str, value: object, code: object) -> Decimal:
    """`name`.amount in `name`.currency: positive, with the currency's minor unit."""
    minor = MINOR_UNITS[currency(f"{name}.currency", code)]
    if isinstance(value, Decimal) and value.is_finite() and value <= 0:
        raise InvalidPledgeError(f"{name}.amount", "must be greater than zero")
    return quantity(f"{name}.amount", value, minor)


def day(name: str, value: object) -> date:
    if not isinstance(value, date):
        raise InvalidPledgeError(name, "must be a date (YYYY-MM-DD)")
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidPledgeError(
            name, f"must be from {FIRST_DAY} (the GCM's adoption) to {LAST_DAY}"
        )
    return value
