"""A history entry (infrastructure/history.py's plain JSON) as people read it in the console:
labelled fields, codes as words, amounts with their currency, pledgers by name."""

from __future__ import annotations

from typing import Any

from api.pages.labels import label, money, number
from api.pages.web import bounded

CODED = frozenset({"type", "forms", "principles", "levels", "region", "support", "kind"})
HIDDEN = frozenset({"pledger_id"})  # shown by its name, `pledger_name`
NAMES = {"pledger_name": "Pledger", "as_of": "As of", "gcr_mirror": "Mirrors a GCR pledge"}


def cut(value: object) -> str:
    return str(bounded(str(value)))


def heading(key: str) -> str:
    return NAMES.get(key) or key.replace("_", " ").capitalize()


def fields(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) for each field, a pledge's content spread out as fields of its own."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        if key in HIDDEN and "pledger_name" in data:
            continue
        if key == "content" and isinstance(value, dict):
            out += fields(value)
        else:
            out.append((heading(key), shown(key, value)))
    return out


def shown(key: str, value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(shown(key, v) for v in value)
    if isinstance(value, dict):
        return compound(value)
    if key in CODED:
        return label(value)
    return cut(value)


def compound(value: dict[str, Any]) -> str:
    """A money amount, a target, an indicator's value, or any other record as `a: b` pairs."""
    keys = set(value)
    if keys == {"amount", "currency"}:
        return money(value["amount"], cut(value["currency"]))
    if keys == {"indicator", "value"}:
        return f"{cut(value['indicator'])}: {number(value['value'])}"
    if keys == {"indicator", "baseline", "target", "unit"}:
        return (
            f"{cut(value['indicator'])}: {number(value['baseline'])} → "
            f"{number(value['target'])} {cut(value['unit'])}".rstrip()
        )
    return ", ".join(f"{heading(k)}: {shown(k, v)}" for k, v in value.items())


def by_effective_day(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first by the day each took effect; on one day, the later recorded first."""
    return sorted(entries, key=lambda e: (e["effective_on"], e["version"]), reverse=True)
