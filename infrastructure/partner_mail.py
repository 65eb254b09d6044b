"""The mails of partners by consent: each tells its reader what happened, what to do next,
and where (a link). Sent by the API after its answer, as the registration mails are.

To the invited side: `invited` (a registered pledger's contacts), `invited_email` (the focal
point of an organisation not yet registered: register first), `withdrawn`. To the owner's
contacts: `joined`, `declined`, `left`. In the reader's language (a contact's, or the one the
owner chose for an emailed invitation): English, French or Spanish.
"""

from __future__ import annotations

from email.message import EmailMessage

from infrastructure.registration_mail import message
from infrastructure.settings import Settings

WORDS = {
    "invited": (
        "{owner} invites {organisation} to partner a pledge",
        "{owner} invites {organisation} to partner its pledge {reference}, “{title}”, "
        "contributing: {contribution}. Nothing about {organisation} is published unless you "
        "accept. Sign in with this email address and accept or refuse under “Invitations to "
        "partner”:",
    ),
    "invited_email": (
        "{owner} invites {organisation} to partner a pledge",
        "{owner} invites {organisation} to partner its pledge {reference}, “{title}”, "
        "contributing: {contribution}. {organisation} is not registered in the GCM Pledge "
        "Tracker yet: first register it with this link (the form is filled in with what we "
        "know). Once the UN Network on Migration Secretariat approves the registration, you "
        "are sent a sign-in link; then accept or refuse under “Invitations to partner”. "
        "Nothing about {organisation} is published unless you accept.",
    ),
    "withdrawn": (
        "Invitation withdrawn: {reference}",
        "{owner} withdrew its invitation to {organisation} to partner {reference}, “{title}”. "
        "{reason}There is nothing for you to do. Your invitations are here:",
    ),
    "joined": (
        "{organisation} accepted: it partners {reference}",
        "{organisation} accepted your invitation and now partners {reference}, “{title}”: "
        "it is named on the pledge's public page and may file progress reports on it. "
        "The pledge is here:",
    ),
    "declined": (
        "{organisation} declined to partner {reference}",
        "{organisation} declined your invitation to partner {reference}, “{title}”. "
        "{reason}You may invite another partner from the pledge's page:",
    ),
    "left": (
        "{organisation} left {reference}",
        "{organisation} no longer partners {reference}, “{title}”. {reason}"
        "It is no longer named on the pledge's page. You may invite another partner there:",
    ),
}


# French and Spanish: the same sentences; a no-break space before : ; ? ! in French.
WORDS_FR_PLAIN = {
    "invited": (
        "{owner} invite {organisation} à s'associer à un engagement",
        "{owner} invite {organisation} à s'associer à son engagement {reference}, « {title} », "
        "en apportant : {contribution}. Rien n'est publié sur {organisation} sans votre "
        "accord. Connectez-vous avec cette adresse et acceptez ou refusez sous « Invitations to "
        "partner » :",
    ),
    "invited_email": (
        "{owner} invite {organisation} à s'associer à un engagement",
        "{owner} invite {organisation} à s'associer à son engagement {reference}, « {title} », "
        "en apportant : {contribution}. {organisation} n'est pas encore inscrite au suivi des "
        "engagements du PMM : inscrivez-la d'abord avec ce lien (le formulaire est prérempli). "
        "Une fois l'inscription approuvée par le Secrétariat du Réseau des Nations Unies sur les "
        "migrations, vous recevrez un lien de connexion ; acceptez ou refusez alors sous "
        "« Invitations to partner ». Rien n'est publié sur {organisation} sans votre accord.",
    ),
    "withdrawn": (
        "Invitation retirée : {reference}",
        "{owner} a retiré son invitation à {organisation} pour {reference}, « {title} ». "
        "{reason}Vous n'avez rien à faire. Vos invitations sont ici :",
    ),
    "joined": (
        "{organisation} a accepté : partenaire de {reference}",
        "{organisation} a accepté votre invitation et est désormais partenaire de {reference}, "
        "« {title} » : elle figure sur la page publique et peut rendre compte de "
        "l'avancement. L'engagement est ici :",
    ),
    "declined": (
        "{organisation} a décliné l'invitation pour {reference}",
        "{organisation} a décliné votre invitation pour {reference}, « {title} ». "
        "{reason}Vous pouvez inviter un autre partenaire depuis la page de l'engagement :",
    ),
    "left": (
        "{organisation} a quitté {reference}",
        "{organisation} n'est plus partenaire de {reference}, « {title} ». {reason}"
        "Elle ne figure plus sur la page de l'engagement. Vous pouvez y inviter un autre "
        "partenaire :",
    ),
}


def french(text: str) -> str:
    """French typography: a no-break space before : ; ? ! and inside « »."""
    for plain, spaced in (
        (" :", "\u00a0:"),
        (" ;", "\u00a0;"),
        ("« ", "«\u00a0"),
        (" »", "\u00a0»"),
    ):
        text = text.replace(plain, spaced)
    return text


WORDS_FR = {k: (french(a), french(b)) for k, (a, b) in WORDS_FR_PLAIN.items()}
WORDS_ES = {
    "invited": (
        "{owner} invita a {organisation} a asociarse a un compromiso",
        "{owner} invita a {organisation} a asociarse a su compromiso {reference}, «{title}», "
        "aportando: {contribution}. No se publica nada sobre {organisation} sin su acuerdo. "
        "Inicie sesión con esta dirección y acepte o rechace en «Invitations to partner»:",
    ),
    "invited_email": (
        "{owner} invita a {organisation} a asociarse a un compromiso",
        "{owner} invita a {organisation} a asociarse a su compromiso {reference}, «{title}», "
        "aportando: {contribution}. {organisation} aún no está registrada en el seguimiento de "
        "compromisos del PMM: regístrela primero con este enlace (el formulario viene rellenado). "
        "Cuando la Secretaría de la Red de las Naciones Unidas sobre la Migración apruebe el "
        "registro, recibirá un enlace para iniciar sesión; acepte o rechace entonces en "
        "«Invitations to partner». No se publica nada sobre {organisation} sin su acuerdo.",
    ),
    "withdrawn": (
        "Invitación retirada: {reference}",
        "{owner} retiró su invitación a {organisation} para {reference}, «{title}». "
        "{reason}No tiene nada que hacer. Sus invitaciones están aquí:",
    ),
    "joined": (
        "{organisation} aceptó: es socia de {reference}",
        "{organisation} aceptó su invitación y ahora es socia de {reference}, «{title}»: figura "
        "en la página pública y puede informar del avance. El compromiso está aquí:",
    ),
    "declined": (
        "{organisation} rechazó la invitación para {reference}",
        "{organisation} rechazó su invitación para {reference}, «{title}». "
        "{reason}Puede invitar a otro socio desde la página del compromiso:",
    ),
    "left": (
        "{organisation} dejó {reference}",
        "{organisation} ya no es socia de {reference}, «{title}». {reason}"
        "Ya no figura en la página del compromiso. Puede invitar a otro socio allí:",
    ),
}
BY_LANGUAGE = {"en": WORDS, "fr": WORDS_FR, "es": WORDS_ES}
GREETING = {"en": ("Dear {name},", "Hello,"), "fr": ("Bonjour {name},", "Bonjour,"),
            "es": ("Estimado/a {name}:", "Buenos días:")}  # fmt: skip
REASON = {
    "en": "The reason given: “{reason}”. ",
    "fr": french("La raison donnée : « {reason} ». "),
    "es": "El motivo indicado: «{reason}». ",
}


def partner_mail(
    settings: Settings,
    kind: str,
    to: tuple[str, str],
    link: str,
    language: str = "en",
    **values: str,
) -> EmailMessage:
    """`to`: the name (may be empty) and address, written to in `language` (en, fr, es);
    `values`: owner, organisation, reference, title, contribution, reason (may be empty)."""
    language = language if language in BY_LANGUAGE else "en"
    subject, body = BY_LANGUAGE[language][kind]
    reason = values.get("reason", "").strip()
    filled = {**values, "reason": REASON[language].format(reason=reason) if reason else ""}
    named, anonymous = GREETING[language]
    greeting = named.format(name=to[0]) if to[0] else anonymous
    paragraphs = [greeting, body.format(**filled), link]
    return message(settings, to[1], language, subject.format(**filled), paragraphs)
