"""The embeds' words in French and Spanish (the pages are in English only so far): the few
phrases the embeds show, the statuses and the GCM objectives' short labels. A phrase missing
here is shown in English rather than not at all."""

from __future__ import annotations

from domain.taxonomy import OBJECTIVES

LANGUAGES = ("en", "fr", "es")

PHRASES: dict[str, tuple[str, str]] = {  # English: (French, Spanish)
    "Pledges": ("Engagements", "Compromisos"),
    "Pledgers": ("Auteurs d'engagements", "Autores de compromisos"),
    "Fulfilled": ("Tenus", "Cumplidos"),
    "In progress": ("En cours", "En curso"),
    "Overdue": ("En retard", "Atrasados"),
    "Lapsed": ("Caducs", "Caducados"),
    "Pledges under the Global Compact for Migration": (
        "Engagements au titre du Pacte mondial sur les migrations",
        "Compromisos en virtud del Pacto Mundial sobre Migración",
    ),
    "Pledges that match the filters": (
        "Engagements correspondant aux filtres",
        "Compromisos que coinciden con los filtros",
    ),
    "Pledges by GCM objective": ("Engagements par objectif du Pacte", "Compromisos por objetivo"),
    "Pledges by IMRF round table": (
        "Engagements par table ronde du FEMI",
        "Compromisos por mesa redonda del FEMI",
    ),
    "Round table": ("Table ronde", "Mesa redonda"),
    "Objective": ("Objectif", "Objetivo"),
    "Underreported": ("Peu couvert", "Poco cubierto"),
    "Latest pledges": ("Derniers engagements", "Últimos compromisos"),
    "No pledge matches these filters.": (
        "Aucun engagement ne correspond à ces filtres.",
        "Ningún compromiso coincide con estos filtros.",
    ),
    "Deadline": ("Échéance", "Plazo"),
    "complete": ("réalisé", "realizado"),
    "Objectives": ("Objectifs", "Objetivos"),
    "Pledged by": ("Engagement de", "Compromiso de"),
    "Full dashboard": ("Tableau de bord complet", "Panel completo"),
    "Read the full pledge": ("Lire l'engagement complet", "Leer el compromiso completo"),
    "Sign in": ("Se connecter", "Iniciar sesión"),
    "as of": ("au", "al"),
    "Submitted": ("Soumis", "Presentado"),
    "Matched": ("Appuyé", "Respaldado"),
    "Partnered": ("En partenariat", "En asociación"),
    "Withdrawn": ("Retiré", "Retirado"),
    # A status on one pledge (the headlines count pledges: plural above).
    "Fulfilled (one)": ("Tenu", "Cumplido"),
    "Lapsed (one)": ("Caduc", "Caducado"),
}
OBJECTIVE_LABELS: dict[str, tuple[str, ...]] = {  # short labels, objectives 1..23
    "fr": (
        "Données",
        "Facteurs négatifs",
        "Information",
        "Identité juridique",
        "Voies régulières",
        "Travail décent",
        "Vulnérabilités",
        "Sauver des vies",
        "Trafic illicite",
        "Traite des personnes",
        "Frontières",
        "Procédures",
        "Alternatives à la détention",
        "Protection consulaire",
        "Services de base",
        "Inclusion",
        "Non-discrimination",
        "Compétences",
        "Contributions des diasporas",
        "Envois de fonds",
        "Retour et réintégration",
        "Protection sociale",
        "Coopération internationale",
    ),
    "es": (
        "Datos",
        "Factores adversos",
        "Información",
        "Identidad jurídica",
        "Vías regulares",
        "Trabajo decente",
        "Vulnerabilidades",
        "Salvar vidas",
        "Tráfico ilícito",
        "Trata de personas",
        "Fronteras",
        "Procedimientos",
        "Alternativas a la detención",
        "Protección consular",
        "Servicios básicos",
        "Inclusión",
        "No discriminación",
        "Competencias",
        "Contribuciones de las diásporas",
        "Remesas",
        "Retorno y reintegración",
        "Protección social",
        "Cooperación internacional",
    ),
}
STATUS_WORDS = {"in_progress": "In progress", "fulfilled": "Fulfilled", "lapsed": "Lapsed"}


class Words:
    """`words("Pledges")` in the embed's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.column = LANGUAGES.index(lang) - 1  # -1: English

    def __call__(self, phrase: str) -> str:
        if self.column < 0:
            return phrase
        found = PHRASES.get(phrase)
        return found[self.column] if found else phrase

    def objective(self, number: int) -> str:
        if self.column < 0:
            return OBJECTIVES[number][1]
        return OBJECTIVE_LABELS[self.lang][number - 1]

    def status(self, code: str) -> str:
        english = STATUS_WORDS.get(code, code.replace("_", " ").capitalize())
        one = self(f"{english} (one)")
        return self(english) if one.endswith(" (one)") else one


assert all(len(labels) == len(OBJECTIVES) for labels in OBJECTIVE_LABELS.values())  # noqa: S101
