"""Words for the codes of the wire format, and number formats, as people read them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from domain.taxonomy import COUNTRIES, OBJECTIVES

WORDS: dict[str, str] = {
    # categories
    "member_state": "Member State",
    "observer_state": "Observer State",
    "un_entity": "UN system entity",
    "local_regional_government": "Local and regional government",
    "civil_society": "Civil society",
    "migrant_diaspora_organisation": "Migrant or diaspora organisation",
    "private_sector": "Private sector",
    "trade_union": "Trade union",
    "academia": "Academia",
    "nhri": "National human rights institution",
    "international_organisation": "International organisation",
    "financial_institution": "Financial institution",
    "faith_based": "Faith-based organisation",
    "youth": "Youth organisation",
    "other": "Other",
    # regions
    "africa": "Africa",
    "arab_states": "Arab States",
    "asia_pacific": "Asia and the Pacific",
    "europe_north_america": "Europe and North America",
    "latin_america_caribbean": "Latin America and the Caribbean",
    "global": "Global",
    # statuses
    "submitted": "Submitted",
    "matched": "Matched",
    "partnered": "Partnered",
    "in_progress": "In progress",
    "fulfilled": "Fulfilled",
    "lapsed": "Lapsed",
    "withdrawn": "Withdrawn",
    # types
    "individual": "Individual",
    "common": "Common",
    "partnership": "Partnership",
    "matching": "Matching",
    # forms
    "financial": "Financial",
    "human_resources": "Human resources",
    "process": "Process",
    "policy": "Policy",
    # levels
    "local": "Local",
    "national": "National",
    "regional": "Regional",
    "international": "International",
    # support (matches)
    "technical": "Technical",
    "material": "Material",
    # principles
    "people_centred": "People-centred",
    "international_cooperation": "International cooperation",
    "national_sovereignty": "National sovereignty",
    "rule_of_law": "Rule of law and due process",
    "sustainable_development": "Sustainable development",
    "human_rights": "Human rights",
    "gender_responsive": "Gender-responsive",
    "child_sensitive": "Child-sensitive",
    "whole_of_government": "Whole-of-government",
    "whole_of_society": "Whole-of-society",
}
ROUND_TABLE_WORDS = {n: f"Round table {n}" for n in range(1, 5)}


def label(code: object) -> str:
    text = str(getattr(code, "value", code))
    return WORDS.get(text, text.replace("_", " ").capitalize())


def objective_label(number: int) -> str:
    return f"{number}. {OBJECTIVES[number][1]}"


def country_name(code: str) -> str:
    return COUNTRIES.get(code.upper(), code)


DIGITS = 15  # figures beyond 15 digits either side of the point are shown in E notation
DECIMALS = 6


def number(value: object) -> str:
    """A figure as people read it, and never longer than about 20 characters, whatever was
    stored: 250,000 and 12.50 as ever, 1.5E+20 beyond 15 digits (a stored 1E+999999999
    would otherwise print a billion of them)."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 10**DIGITS else f"{value:.6E}"
    if isinstance(value, int) and abs(value) < 10**DIGITS:
        return f"{value:,}"
    if isinstance(value, Decimal | str | int):
        try:
            return decimal_text(Decimal(value))
        except InvalidOperation:  # a stored text that is no number: shown, bounded
            return str(value)[:40]
    return str(value)


def decimal_text(amount: Decimal) -> str:
    if not amount.is_finite():
        return str(amount)
    if amount and not -DECIMALS <= amount.adjusted() < DIGITS:
        mantissa, power = f"{amount:.{DIGITS - 1}E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{power}"
    if amount == amount.to_integral():
        return f"{amount:,.0f}"
    exponent = amount.as_tuple().exponent
    places = min(max(-exponent, 2), DECIMALS) if isinstance(exponent, int) else 2
    return f"{amount:,.{places}f}"


def money(amount: object, currency: str | None = None) -> str:
    text = number(amount)
    return f"{currency} {text}" if currency else text
