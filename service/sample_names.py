"""Realistic names for the sample data: UN Member States only (no territories), observer
States, real cities in their own countries, and organisations named as such organisations
are, each in a country where the name makes sense. Names are illustrative."""

from __future__ import annotations

import random

from domain.taxonomy import COUNTRIES, Category

MEMBER_STATES = (
    "ARG AUS AUT BGD BEL BOL BRA BFA CAN CHL COL CRI CIV DNK ECU EGY SLV ETH FJI FIN FRA "
    "GMB DEU GHA GRC GTM HND IDN IRL ITA JAM JPN JOR KEN KGZ LBN LKA MLI MAR MEX MDA NPL "
    "NLD NER NGA NOR PAK PAN PHL POL PRT KOR SEN SRB ZAF ESP SWE CHE TJK THA TUN TUR UGA "
    "GBR USA URY ZMB ZWE"
).split()
OBSERVER_STATES = ("VAT", "PSE")
# As the United Nations lists them, where ISO's order ("Korea, Republic of") reads oddly.
SHORT = {
    "BOL": "Bolivia (Plurinational State of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "VAT": "Holy See",
    "PSE": "State of Palestine",
}


IN_NAMES = {"BOL": "Bolivia", "KOR": "Korea", "MDA": "Moldova"}  # in an organisation's name


def country_name(code: str) -> str:
    return SHORT.get(code, COUNTRIES[code])


CITIES = (
    ("City of Lisbon", "PRT"),
    ("City of Montréal", "CAN"),
    ("Mexico City Government", "MEX"),
    ("City of Dakar", "SEN"),
    ("Bogotá District", "COL"),
    ("City of Athens", "GRC"),
    ("Kampala Capital City Authority", "UGA"),
    ("Quezon City", "PHL"),
    ("Greater Amman Municipality", "JOR"),
    ("Barcelona City Council", "ESP"),
    ("Municipality of São Paulo", "BRA"),
    ("City of Milan", "ITA"),
    ("Province of Buenos Aires", "ARG"),
    ("County of Nairobi", "KEN"),
    ("City of Gothenburg", "SWE"),
    ("City of Freetown", "SLE"),
    ("Municipality of Tijuana", "MEX"),
    ("City of Bristol", "GBR"),
    ("Canton of Geneva", "CHE"),
    ("City of Accra", "GHA"),
)
UN_ENTITIES = (
    "International Organization for Migration",
    "UN Refugee Agency",
    "International Labour Organization",
    "UNICEF",
    "UN Women",
    "UN Development Programme",
    "Office of the High Commissioner for Human Rights",
    "UN Office on Drugs and Crime",
    "World Health Organization",
    "UN Population Fund",
    "UN Habitat",
    "International Fund for Agricultural Development",
)
ORG_PATTERNS = {
    Category.CIVIL_SOCIETY: ["Migrant Rights Network {c}", "{c} Refugee and Migrant Council"],
    Category.MIGRANT_DIASPORA_ORGANISATION: [
        "{c} Diaspora Forum",
        "Migrant Workers' Association {c}",
    ],
    Category.PRIVATE_SECTOR: ["{c} Employers' Federation", "Fair Recruitment Alliance {c}"],
    Category.TRADE_UNION: ["{c} Confederation of Trade Unions", "Domestic Workers' Union {c}"],
    Category.ACADEMIA: ["{c} Migration Research Centre", "Institute for Migration Studies {c}"],
    Category.NHRI: ["National Human Rights Commission {c}", "Ombudsperson's Office {c}"],
    Category.INTERNATIONAL_ORGANISATION: [
        "{r} Migration Dialogue Secretariat",
        "{r} Centre for Migration Policy",
    ],
    Category.FINANCIAL_INSTITUTION: ["{r} Development Bank", "{c} Remittance Fund"],
    Category.FAITH_BASED: ["{c} Interfaith Council for Migrants", "Caritas {c}"],
    Category.YOUTH: ["{c} Youth Network on Migration", "Young Migrants' Forum {c}"],
    Category.OTHER: ["{c} Foundation for Migrants", "Migration Data Initiative {c}"],
}
REGIONS = (
    "West African",
    "East African",
    "Andean",
    "Central American",
    "Caribbean",
    "Mediterranean",
    "Nordic",
    "South Asian",
    "Southeast Asian",
    "Pacific",
)


def pledger_name(
    rng: random.Random, category: Category, used: set[str]
) -> tuple[str, Category, str | None]:
    """A name not yet used, its category (another when every State or city is taken) and
    its country (None for bodies with no one country)."""
    for attempt in range(50):
        name, country = one(rng, category)
        if name not in used:
            used.add(name)
            return name, category, country
        if attempt > 40 and category in (
            Category.MEMBER_STATE,
            Category.OBSERVER_STATE,
            Category.UN_ENTITY,
            Category.LOCAL_REGIONAL_GOVERNMENT,
        ):
            category = Category.CIVIL_SOCIETY  # every State or city is taken: another kind
    name = f"{name} ({len(used) + 1})"
    used.add(name)
    return name, category, country


def one(rng: random.Random, category: Category) -> tuple[str, str | None]:
    if category == Category.MEMBER_STATE:
        code = rng.choice(MEMBER_STATES)
        return country_name(code), code
    if category == Category.OBSERVER_STATE:
        code = rng.choice(OBSERVER_STATES)
        return country_name(code), code
    if category == Category.UN_ENTITY:
        return rng.choice(UN_ENTITIES), None
    if category == Category.LOCAL_REGIONAL_GOVERNMENT:
        return rng.choice(CITIES)
    code = rng.choice(MEMBER_STATES)
    pattern = rng.choice(ORG_PATTERNS[category])
    if "{r}" in pattern:
        return pattern.format(r=rng.choice(REGIONS)), None
    return pattern.format(c=IN_NAMES.get(code, country_name(code))), code
