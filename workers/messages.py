"""Reminder emails: plain text and HTML from templates, in the pledge's language where known."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Dear colleague,",
        "pledge": "Pledge",
        "deadline": "Deadline",
        "status": "Status",
        "complete": "complete at the last report",
        "footer": "You receive this reminder from the UN Network on Migration Secretariat's "
        "GCM pledge tracker as a contact of",
    },
    "fr": {
        "greeting": "Madame, Monsieur,",
        "pledge": "Engagement",
        "deadline": "Échéance",
        "status": "Statut",
        "complete": "réalisé au dernier rapport",
        "footer": "Vous recevez ce rappel du Secrétariat du Réseau des Nations Unies sur les "
        "migrations en tant que contact de",
    },
    "es": {
        "greeting": "Estimada/o colega:",
        "pledge": "Compromiso",
        "deadline": "Plazo",
        "status": "Estado",
        "complete": "cumplido según el último informe",
        "footer": "Recibe este recordatorio de la Secretaría de la Red de las Naciones Unidas "
        "sobre la Migración como contacto de",
    },
}
TEXTS: dict[str, dict[str, tuple[str, str, str]]] = {  # kind -> lang -> (subject, intro, action)
    "deadline_approaching": {
        "en": (
            "Pledge {reference}: deadline on {deadline}",
            "The deadline of your pledge under the Global Compact for Migration is approaching.",
            "Please file a progress report, or declare the pledge fulfilled, here:",
        ),
        "fr": (
            "Engagement {reference} : échéance le {deadline}",
            "L'échéance de votre engagement au titre du Pacte mondial sur les migrations approche.",
            "Merci de soumettre un rapport d'avancement, ou de déclarer l'engagement réalisé :",
        ),
        "es": (
            "Compromiso {reference}: plazo el {deadline}",
            "Se acerca el plazo de su compromiso en el marco del Pacto Mundial para la Migración.",
            "Presente un informe de avance, o declare cumplido el compromiso, aquí:",
        ),
    },
    "overdue": {
        "en": (
            "Pledge {reference} is overdue",
            "The deadline of your pledge under the Global Compact for Migration has passed.",
            "Please report its progress, declare it fulfilled, or ask the Secretariat to extend "
            "its deadline:",
        ),
        "fr": (
            "L'engagement {reference} est en retard",
            "L'échéance de votre engagement au titre du Pacte mondial sur les migrations "
            "est passée.",
            "Merci de rendre compte de son avancement, de le déclarer réalisé ou de "
            "demander un report :",
        ),
        "es": (
            "El compromiso {reference} está vencido",
            "El plazo de su compromiso en el marco del Pacto Mundial para la Migración ha vencido.",
            "Informe sobre su avance, declárelo cumplido o solicite a la Secretaría una prórroga:",
        ),
    },
    "report_due": {
        "en": (
            "Pledge {reference}: a progress report is due",
            "Your pledge has had no progress report for a year.",
            "Please file a progress report here:",
        ),
        "fr": (
            "Engagement {reference} : rapport d'avancement attendu",
            "Votre engagement n'a fait l'objet d'aucun rapport d'avancement depuis un an.",
            "Merci de soumettre un rapport d'avancement ici :",
        ),
        "es": (
            "Compromiso {reference}: se espera un informe de avance",
            "Su compromiso no tiene informes de avance desde hace un año.",
            "Presente un informe de avance aquí:",
        ),
    },
}


@dataclass(frozen=True)
class Reminder:
    message_id: str
    kind: str
    reference: str
    title: str
    deadline: str
    status: str
    percent: int
    pledger: str
    language: str
    url: str


def build_message(reminder: Reminder, sender: str, recipients: list[str]) -> EmailMessage:
    lang = reminder.language if reminder.language in LABELS else "en"
    subject, intro, action = TEXTS[reminder.kind][lang]
    context: dict[str, Any] = {
        **reminder.__dict__,
        "t": LABELS[lang],
        "lang": lang,
        "intro": intro,
        "action": action,
        "subject": subject.format(reference=reminder.reference, deadline=reminder.deadline),
    }
    message = EmailMessage()
    message["Subject"] = context["subject"]
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Message-ID"] = reminder.message_id
    message["Date"] = formatdate(localtime=False)
    message["Content-Language"] = lang
    message.set_content(TEMPLATES.get_template("reminder.txt").render(context))
    message.add_alternative(TEMPLATES.get_template("reminder.html").render(context), subtype="html")
    return message
