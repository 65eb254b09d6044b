"""The words of the mails in English, French and Spanish: dates, statuses, and the frame.

What each notice says (its reason and what to do) is beside its rule in workers/notices.py.
French puts a no-break space before a colon ("Statut : en cours"), as French typography does.
"""

from __future__ import annotations

from datetime import date

LANGUAGES = ("en", "fr", "es")
NBSP = "\u00a0"
MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre".split(),
}
STATUSES = {
    "en": {
        "submitted": "submitted",
        "matched": "matched",
        "partnered": "partnered",
        "in_progress": "in progress",
        "fulfilled": "fulfilled",
        "lapsed": "lapsed",
        "withdrawn": "withdrawn",
    },
    "fr": {
        "submitted": "soumis",
        "matched": "soutenu",
        "partnered": "en partenariat",
        "in_progress": "en cours",
        "fulfilled": "réalisé",
        "lapsed": "caduc",
        "withdrawn": "retiré",
    },
    "es": {
        "submitted": "presentado",
        "matched": "respaldado",
        "partnered": "en asociación",
        "in_progress": "en curso",
        "fulfilled": "cumplido",
        "lapsed": "caducado",
        "withdrawn": "retirado",
    },
}
# The frame of a digest. {n}: how many pledges; {pledgers}: the organisations' names.
FRAME = {
    "en": {
        "greeting": "Dear {name},",
        "greeting_unknown": "Dear colleague,",
        "intro_one": "One of the GCM pledges of {pledgers} needs your attention.",
        "intro_many": "{n} GCM pledges of {pledgers} need your attention.",
        "subject_many": "Your GCM pledges: {n} need your attention ({references})",
        "and_more": "{n} more",
        "deadline": "Deadline",
        "status": "Status",
        "complete": "{percent}% complete at the last report",
        "link_note": "Each link signs you in once and opens the pledge; it works until "
        "{expires}. After that, sign in at {sign_in} with this email address.",
        "reply": "Questions, or more time needed? Reply to this message: it goes to the UN "
        "Network on Migration Secretariat ({secretariat}).",
        "footer": "You receive this as a contact of {pledgers} in the GCM pledge tracker of the "
        "UN Network on Migration.",
        "and": "and",
    },
    "fr": {
        "greeting": "Bonjour {name},",
        "greeting_unknown": "Madame, Monsieur,",
        "intro_one": "L'un des engagements de {pledgers} au titre du PMM demande votre attention.",
        "intro_many": "{n} engagements de {pledgers} au titre du PMM demandent votre attention.",
        "subject_many": f"Vos engagements au titre du PMM{NBSP}: {{n}} demandent votre attention "
        "({references})",
        "and_more": "{n} autres",
        "deadline": "Échéance",
        "status": "Statut",
        "complete": f"réalisé à {{percent}}{NBSP}% au dernier rapport",
        "link_note": f"Chaque lien vous connecte une fois et ouvre l'engagement{NBSP}; il est "
        "valable "
        "jusqu'au {expires}. Ensuite, connectez-vous sur {sign_in} avec cette adresse.",
        "reply": f"Une question, besoin de plus de temps{NBSP}? Répondez à ce message{NBSP}: il "
        "parvient au Secrétariat du Réseau des Nations Unies sur les migrations "
        "({secretariat}).",
        "footer": "Vous recevez ce message en tant que contact de {pledgers} dans le suivi des "
        "engagements du PMM du Réseau des Nations Unies sur les migrations.",
        "and": "et",
    },
    "es": {
        "greeting": "Estimado/a {name}:",
        "greeting_unknown": "Estimado/a colega:",
        "intro_one": "Uno de los compromisos de {pledgers} en el marco del PMM requiere su "
        "atención.",
        "intro_many": "{n} compromisos de {pledgers} en el marco del PMM requieren su atención.",
        "subject_many": "Sus compromisos del PMM: {n} requieren su atención ({references})",
        "and_more": "{n} más",
        "deadline": "Plazo",
        "status": "Estado",
        "complete": "cumplido en un {percent} % según el último informe",
        "link_note": "Cada enlace inicia su sesión una vez y abre el compromiso; es válido hasta "
        "el {expires}. Después, inicie sesión en {sign_in} con esta dirección.",
        "reply": "¿Preguntas, o necesita más tiempo? Responda a este mensaje: llega a la "
        "Secretaría de la Red de las Naciones Unidas sobre la Migración ({secretariat}).",
        "footer": "Recibe este mensaje como contacto de {pledgers} en el seguimiento de "
        "compromisos del PMM de la Red de las Naciones Unidas sobre la Migración.",
        "and": "y",
    },
}


def language(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


def long_date(day: date, lang: str) -> str:
    """31 December 2027; 1er janvier 2028, 31 décembre 2027; 31 de diciembre de 2027."""
    month = MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


def days(n: int, lang: str) -> str:
    """A number of days, as a phrase: 1 day, 7 days; 1 jour, 7 jours; 1 día, 7 días."""
    word = {"en": ("day", "days"), "fr": ("jour", "jours"), "es": ("día", "días")}[lang]
    return f"{n} {word[0] if n == 1 else word[1]}"


def listed(names: list[str], lang: str) -> str:
    """A, B and C; A, B et C; A, B y C."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {FRAME[lang]['and']} {names[-1]}"


def colon(lang: str) -> str:
    return f"{NBSP}:" if lang == "fr" else ":"
