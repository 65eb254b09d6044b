"""What a matching pledge still seeks: sought against committed, per currency and kind.

Amounts add up only within one currency: an amount sought in EUR is never offset by a match
in USD. A kind of support sought without an amount is "still sought" until a match of that
kind is committed; one sought with amounts is still sought while a currency has a remainder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.taxonomy import Support
from domain.values import Match, Sought


@dataclass(frozen=True)
class Balance:
    currency: str
    sought: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.sought - self.committed, Decimal(0))


def balances(seeking: Iterable[Sought], matches: Iterable[Match]) -> list[Balance]:
    """Per currency named in what is sought or committed, sorted by currency."""
    sought: dict[str, Decimal] = {}
    committed: dict[str, Decimal] = {}
    for item in seeking:
        if item.amount is not None:
            currency = item.amount.currency
            sought[currency] = sought.get(currency, Decimal(0)) + item.amount.amount
    for match in matches:
        if match.amount is not None:
            currency = match.amount.currency
            committed[currency] = committed.get(currency, Decimal(0)) + match.amount.amount
    return [
        Balance(c, sought.get(c, Decimal(0)), committed.get(c, Decimal(0)))
        for c in sorted(sought.keys() | committed.keys())
    ]


def still_sought(seeking: Iterable[Sought], matches: Iterable[Match]) -> list[Sought]:
    """The items sought that committed support has not yet covered."""
    seeking, matches = list(seeking), list(matches)
    left = {b.currency: b.remaining for b in balances(seeking, matches)}
    kinds = {Support(m.support) for m in matches}
    open_items = []
    for item in seeking:
        if item.amount is None:
            if Support(item.support) not in kinds:
                open_items.append(item)
        elif left.get(item.amount.currency, Decimal(0)) > 0:
            open_items.append(item)
    return open_items
