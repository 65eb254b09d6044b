"""The GCM vocabulary: codes are lower-case snake case, the same on the wire and in storage."""

from __future__ import annotations

from enum import StrEnum

import pycountry


class PledgeType(StrEnum):
    INDIVIDUAL = "individual"
    COMMON = "common"
    PARTNERSHIP = "partnership"
    MATCHING = "matching"


class Form(StrEnum):
    FINANCIAL = "financial"
    HUMAN_RESOURCES = "human_resources"
    PROCESS = "process"
    POLICY = "policy"


class Level(StrEnum):
    LOCAL = "local"
    NATIONAL = "national"
    REGIONAL = "regional"
    INTERNATIONAL = "international"


class Principle(StrEnum):
    PEOPLE_CENTRED = "people_centred"
    INTERNATIONAL_COOPERATION = "international_cooperation"
    NATIONAL_SOVEREIGNTY = "national_sovereignty"
    RULE_OF_LAW = "rule_of_law"
    SUSTAINABLE_DEVELOPMENT = "sustainable_development"
    HUMAN_RIGHTS = "human_rights"
    GENDER_RESPONSIVE = "gender_responsive"
    CHILD_SENSITIVE = "child_sensitive"
    WHOLE_OF_GOVERNMENT = "whole_of_government"
    WHOLE_OF_SOCIETY = "whole_of_society"


class Region(StrEnum):
    AFRICA = "africa"
    ARAB_STATES = "arab_states"
    ASIA_PACIFIC = "asia_pacific"
    EUROPE_NORTH_AMERICA = "europe_north_america"
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean"
    GLOBAL = "global"


class Category(StrEnum):
    MEMBER_STATE = "member_state"
    OBSERVER_STATE = "observer_state"
    UN_ENTITY = "un_entity"
    LOCAL_REGIONAL_GOVERNMENT = "local_regional_government"
    CIVIL_SOCIETY = "civil_society"
    MIGRANT_DIASPORA_ORGANISATION = "migrant_diaspora_organisation"
    PRIVATE_SECTOR = "private_sector"
    TRADE_UNION = "trade_union"
    ACADEMIA = "academia"
    NHRI = "nhri"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    FINANCIAL_INSTITUTION = "financial_institution"
    FAITH_BASED = "faith_based"
    YOUTH = "youth"
    OTHER = "other"


STATE_CATEGORIES = frozenset({Category.MEMBER_STATE, Category.OBSERVER_STATE})


class Status(StrEnum):
    SUBMITTED = "submitted"
    MATCHED = "matched"
    PARTNERED = "partnered"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


FINAL_STATUSES = frozenset({Status.FULFILLED, Status.LAPSED, Status.WITHDRAWN})


class Review(StrEnum):
    """Review before publication: a field beside the status (DESIGN.md, "Workflow")."""

    PENDING = "pending"
    RETURNED = "returned"
    PUBLISHED = "published"


class Support(StrEnum):
    FINANCIAL = "financial"
    TECHNICAL = "technical"
    MATERIAL = "material"


class Role(StrEnum):
    PLEDGER = "pledger"
    SECRETARIAT = "secretariat"
    SYSTEM = "system"


class ReminderKind(StrEnum):
    DEADLINE_APPROACHING = "deadline_approaching"
    OVERDUE = "overdue"
    REPORT_DUE = "report_due"


# GCM (A/RES/73/195, para. 16): number -> (title, short label for charts).
OBJECTIVES: dict[int, tuple[str, str]] = {
    1: (
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
        "Data",
    ),
    2: (
        "Minimize the adverse drivers and structural factors that compel people to leave their country of origin",
        "Adverse drivers",
    ),
    3: ("Provide accurate and timely information at all stages of migration", "Information"),
    4: (
        "Ensure that all migrants have proof of legal identity and adequate documentation",
        "Legal identity",
    ),
    5: (
        "Enhance availability and flexibility of pathways for regular migration",
        "Regular pathways",
    ),
    6: (
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
        "Decent work",
    ),
    7: ("Address and reduce vulnerabilities in migration", "Vulnerabilities"),
    8: (
        "Save lives and establish coordinated international efforts on missing migrants",
        "Save lives",
    ),
    9: ("Strengthen the transnational response to smuggling of migrants", "Smuggling"),
    10: (
        "Prevent, combat and eradicate trafficking in persons in the context of international migration",
        "Trafficking",
    ),
    11: ("Manage borders in an integrated, secure and coordinated manner", "Borders"),
    12: (
        "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment and referral",
        "Procedures",
    ),
    13: (
        "Use migration detention only as a measure of last resort and work towards alternatives",
        "Alternatives to detention",
    ),
    14: (
        "Enhance consular protection, assistance and cooperation throughout the migration cycle",
        "Consular protection",
    ),
    15: ("Provide access to basic services for migrants", "Basic services"),
    16: (
        "Empower migrants and societies to realize full inclusion and social cohesion",
        "Inclusion",
    ),
    17: (
        "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration",
        "Non-discrimination",
    ),
    18: (
        "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences",
        "Skills",
    ),
    19: (
        "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries",
        "Diaspora contributions",
    ),
    20: (
        "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants",
        "Remittances",
    ),
    21: (
        "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration",
        "Return and reintegration",
    ),
    22: (
        "Establish mechanisms for the portability of social security entitlements and earned benefits",
        "Social protection",
    ),
    23: (
        "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
        "International cooperation",
    ),
}

# IMRF round tables (resolution 73/326): round table -> objectives it covers.
ROUND_TABLES: dict[int, frozenset[int]] = {
    1: frozenset({2, 5, 6, 12, 18}),
    2: frozenset({4, 8, 9, 10, 11, 13, 21}),
    3: frozenset({14, 15, 16, 19, 20, 22}),
    4: frozenset({1, 3, 7, 17, 23}),
}


def round_tables_for(objectives: tuple[int, ...] | list[int]) -> list[int]:
    return sorted(rt for rt, objs in ROUND_TABLES.items() if objs & set(objectives))


COUNTRIES: dict[str, str] = {c.alpha_3: c.name for c in pycountry.countries}
# ISO 4217 minor units (list one, amendment 179): 2 for every code in use but these. Codes with
# none ("N.A.": precious metals, bond market units, the SDR, the testing and no-currency codes)
# are units of account, not currencies a pledge can be made in.
MINOR_UNIT_EXCEPTIONS: dict[str, int] = {
    **dict.fromkeys(
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(), 0
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
    **dict.fromkeys("CLF UYW".split(), 4),
}
NO_MINOR_UNIT = frozenset("XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX".split())
MINOR_UNITS: dict[str, int] = {
    c.alpha_3: MINOR_UNIT_EXCEPTIONS.get(c.alpha_3, 2)
    for c in pycountry.currencies
    if c.alpha_3 not in NO_MINOR_UNIT
}
CURRENCIES: dict[str, str] = {
    c.alpha_3: c.name for c in pycountry.currencies if c.alpha_3 in MINOR_UNITS
}
LANGUAGES: dict[str, str] = {
    lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")
}
