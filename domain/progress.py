"""Progress against targets: how far each indicator has come from its baseline to its target,
the percent complete that suggests, and which targets are not met.

A target may go up (people reached: 0 to 500) or down (days in detention: 30 to 5); either
way a value at or beyond the target meets it. A target with no value reported is not counted
as unmet: nothing says it was missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext

from domain.values import Target


def share(target: Target, value: Decimal) -> Decimal | None:
    """How far from baseline to target `value` is, in percent, 0 to 100; None when the
    target equals its baseline or the figures are beyond computing (stored before bounds)."""
    with localcontext() as context:
        context.traps = dict.fromkeys(context.traps, False)
        span = target.target - target.baseline
        result = (value - target.baseline) / span * 100 if span else Decimal("NaN")
    if not result.is_finite():
        return None
    return max(Decimal(0), min(Decimal(100), result))


def suggested_percent(targets: Iterable[Target], values: Mapping[str, Decimal]) -> int | None:
    """The mean of every target's share (one not yet reported counts as none of the way),
    or None when no target has a value: then there is nothing to suggest."""
    targets = [t for t in targets if t.target != t.baseline]  # no way to go: it says nothing
    if not any(t.indicator in values for t in targets):
        return None
    shares = [
        share(t, values[t.indicator]) if t.indicator in values else Decimal(0) for t in targets
    ]
    known = [s for s in shares if s is not None]
    if not known:
        return None
    mean = sum(known, Decimal(0)) / len(known)
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def met(target: Target, value: Decimal) -> bool:
    if target.target >= target.baseline:
        return value >= target.target
    return value <= target.target


def unmet_targets(targets: Iterable[Target], values: Mapping[str, Decimal]) -> list[Target]:
    """The targets whose latest reported value falls short of them."""
    return [t for t in targets if t.indicator in values and not met(t, values[t.indicator])]
