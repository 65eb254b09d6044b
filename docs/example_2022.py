"""Rows of docs/import-example-2022.xlsx: pledges in the style of those made around the
International Migration Review Forum of May 2022 (illustrative, not the official record)."""

from __future__ import annotations

from datetime import date
from typing import Any

D = date.fromisoformat
PORTUGAL_TEXT = (
    "Portugal commits to expand the network of National Support Centres for the Integration "
    "of Migrants, opening one-stop shops in every district where newly arrived migrants "
    "receive information on residence, employment, health care and schooling in their own "
    "language, and to train front-line public servants in a rights-based and "
    "gender-responsive approach. Progress is reported yearly with data by sex and age."
)
WORKERS_TEXT = (
    "The federation and its partners commit to promote fair and ethical recruitment along the "
    "corridors between South Asia and the Gulf: a zero-fee recruitment charter for member "
    "agencies, pre-departure orientation for workers, and a complaints line in five languages. "
    "Progress is measured by the agencies that sign and apply the charter and the workers "
    "who receive orientation, reported every six months."
)
REMITTANCE_TEXT = (
    "The association commits to lower the cost of sending remittances to Senegal and Mali by "
    "training diaspora members in digital transfer services and negotiating group tariffs "
    "with licensed providers, in line with SDG target 10.c. Progress is measured by the "
    "people trained and the average cost of sending 200 euros, reported at least once a year "
    "to members and to the authorities of both countries."
)
ROWS: dict[str, list[list[Any]]] = {
    "Pledgers": [
        ["Portugal", "member_state", "PRT", "true"],
        ["Nepal Association of Foreign Employment Agencies", "private_sector", "NPL", "false"],
        [
            "Fédération des Associations de la Diaspora Sénégalaise",
            "migrant_diaspora_organisation",
            "FRA",
            "false",
        ],
        ["Migrant Forum in Asia", "civil_society", "PHL", "false"],
    ],
    "Pledges": [
        [
            "GCM-2022-0101",
            "Portugal",
            "One-stop integration centres in every district",
            PORTUGAL_TEXT,
            "individual",
            "policy; financial",
            "3; 15; 16",
            "human_rights; gender_responsive; whole_of_government",
            "national; local",
            "PRT",
            "europe_north_america",
            "en",
            D("2022-05-17"),
            D("2024-12-31"),
            "2500000.00",
            "EUR",
            "false",
            D("2024-11-29"),
            "Centres open in all 18 districts; 1,200 staff trained.",
            "",
        ],
        [
            "GCM-2022-0102",
            "Nepal Association of Foreign Employment Agencies",
            "Zero-fee recruitment charter on the corridor from Nepal to the Gulf",
            WORKERS_TEXT,
            "partnership",
            "process; human_resources",
            "6; 3",
            "people_centred; whole_of_society",
            "national; regional",
            "NPL; QAT; ARE",
            "asia_pacific",
            "en",
            D("2022-05-19"),
            D("2025-06-30"),
            "",
            "",
            "false",
            "",
            "",
            "",
        ],
        [
            "GCM-2022-0103",
            "Fédération des Associations de la Diaspora Sénégalaise",
            "Cheaper remittances to Senegal and Mali",
            REMITTANCE_TEXT,
            "individual",
            "human_resources",
            "20; 19",
            "sustainable_development",
            "international",
            "SEN; MLI; FRA",
            "africa",
            "fr",
            D("2022-06-20"),
            D("2026-06-30"),
            "",
            "",
            "false",
            "",
            "",
            "",
        ],
    ],
    "Targets": [
        ["GCM-2022-0101", "districts with a centre", 6, 18, "districts"],
        ["GCM-2022-0101", "public servants trained", 0, 1000, "people"],
        ["GCM-2022-0102", "agencies applying the charter", 0, 150, "agencies"],
        ["GCM-2022-0102", "workers oriented before departure", 0, 20000, "people"],
        ["GCM-2022-0103", "diaspora members trained", 0, 800, "people"],
    ],
    "Partners": [
        [
            "GCM-2022-0102",
            "Migrant Forum in Asia",
            "Runs the complaints line and monitors agencies' compliance",
            D("2022-07-04"),
        ],
    ],
    "Reports": [
        [
            "GCM-2022-0101",
            D("2023-05-31"),
            45,
            "Ten districts have a centre; 420 staff trained.",
            "districts with a centre: 10; public servants trained: 420",
        ],
        [
            "GCM-2022-0101",
            D("2024-05-31"),
            80,
            "Fifteen districts; 870 staff trained.",
            "districts with a centre: 15; public servants trained: 870",
        ],
        [
            "GCM-2022-0101",
            D("2024-11-15"),
            100,
            "All 18 districts; 1,200 staff trained.",
            "districts with a centre: 18; public servants trained: 1200",
        ],
        [
            "GCM-2022-0102",
            D("2022-12-15"),
            20,
            "48 agencies signed; orientation started.",
            "agencies applying the charter: 48; workers oriented before departure: 3100",
        ],
        [
            "GCM-2022-0102",
            D("2023-12-15"),
            55,
            "97 agencies apply the charter.",
            "agencies applying the charter: 97; workers oriented before departure: 11250",
        ],
        [
            "GCM-2022-0103",
            D("2023-06-30"),
            30,
            "Six training sessions in Paris and Lyon.",
            "diaspora members trained: 260",
        ],
    ],
}
