"""The registration mails, in the person's language (en, fr, es): confirm the address, the
request approved (with a sign-in link) or refused (with the reason), a colleague added as a
contact (with a sign-in link). Each says what to do next; Reply-To is the Secretariat.

The API sends them in a background task after its answer (an answer never waits on mail, and
never differs by what a mail would say). The workers' digest words (workers/mail_words.py)
are on another floor; these few sentences are the registration's own.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from infrastructure.settings import Settings

WORDS = {
    "en": {
        "greeting": "Dear {name},",
        "confirm_subject": "Confirm your request to pledge: {organisation}",
        "confirm": "You asked to register {organisation} in the GCM Pledge Tracker, with you as "
        "its focal point. Open this link and press the button to confirm your email address "
        "(it works once, within {hours} hours):",
        "confirm_next": "Then the UN Network on Migration Secretariat reviews the request and "
        "writes to you. If you did not ask, ignore this message: nothing else happens.",
        "approved_subject": "{organisation} may now pledge in the GCM Pledge Tracker",
        "approved": "The Secretariat approved the registration of {organisation}. Sign in with "
        "this link (it works once, within {minutes} minutes), then submit your pledges under "
        '"Submit a pledge":',
        "approved_next": "Later, sign in at {sign_in} with this email address.",
        "refused_subject": "Your request to pledge: {organisation}",
        "refused": "The Secretariat could not approve the registration of {organisation}, for "
        "this reason:",
        "refused_next": "Reply to this message if you have questions, or register again at "
        "{register} once the reason no longer holds.",
        "colleague_subject": "You are a contact of {organisation} in the GCM Pledge Tracker",
        "colleague": "{who} added you as a contact of {organisation}. Sign in with this link "
        "(it works once, within {minutes} minutes) to see and act on its pledges:",
        "reply": "Questions? Reply to this message: it goes to the UN Network on Migration "
        "Secretariat ({secretariat}).",
    },
    "fr": {
        "greeting": "Bonjour {name},",
        "confirm_subject": "Confirmez votre demande d'inscription\u00a0: {organisation}",
        "confirm": "Vous avez demandé l'inscription de {organisation} au suivi des engagements "
        "du PMM, dont vous êtes le point focal. Ouvrez ce lien et appuyez sur le bouton pour "
        "confirmer votre adresse (il ne sert qu'une fois, dans les {hours} heures)\u00a0:",
        "confirm_next": "Le Secrétariat du Réseau des Nations Unies sur les migrations examinera "
        "ensuite la demande et vous écrira. Si vous n'avez rien demandé, ignorez ce message.",
        "approved_subject": "{organisation} peut désormais prendre des engagements",
        "approved": "Le Secrétariat a approuvé l'inscription de {organisation}. Connectez-vous "
        "avec ce lien (il ne sert qu'une fois, dans les {minutes} minutes), puis soumettez vos "
        "engagements sous «\u00a0Submit a pledge\u00a0»\u00a0:",
        "approved_next": "Par la suite, connectez-vous sur {sign_in} avec cette adresse.",
        "refused_subject": "Votre demande d'inscription\u00a0: {organisation}",
        "refused": "Le Secrétariat n'a pas pu approuver l'inscription de {organisation}, pour "
        "la raison suivante\u00a0:",
        "refused_next": "Répondez à ce message pour toute question, ou inscrivez-vous de "
        "nouveau sur {register} lorsque la raison ne s'applique plus.",
        "colleague_subject": "Vous êtes un contact de {organisation}",
        "colleague": "{who} vous a ajouté comme contact de {organisation}. Connectez-vous avec "
        "ce lien (il ne sert qu'une fois, dans les {minutes} minutes) pour suivre ses "
        "engagements\u00a0:",
        "reply": "Des questions\u00a0? Répondez à ce message\u00a0: il parvient au Secrétariat "
        "du Réseau des Nations Unies sur les migrations ({secretariat}).",
    },
    "es": {
        "greeting": "Estimado/a {name}:",
        "confirm_subject": "Confirme su solicitud de registro: {organisation}",
        "confirm": "Usted solicitó registrar a {organisation} en el seguimiento de promesas del "
        "PMM, como su punto focal. Abra este enlace y pulse el botón para confirmar su "
        "dirección (funciona una vez, durante {hours} horas):",
        "confirm_next": "Luego la Secretaría de la Red de las Naciones Unidas sobre la Migración "
        "examinará la solicitud y le escribirá. Si no la pidió, ignore este mensaje.",
        "approved_subject": "{organisation} ya puede presentar promesas",
        "approved": "La Secretaría aprobó el registro de {organisation}. Inicie sesión con este "
        "enlace (funciona una vez, durante {minutes} minutos) y presente sus promesas en "
        "«Submit a pledge»:",
        "approved_next": "Más adelante, inicie sesión en {sign_in} con esta dirección.",
        "refused_subject": "Su solicitud de registro: {organisation}",
        "refused": "La Secretaría no pudo aprobar el registro de {organisation}, por este motivo:",
        "refused_next": "Responda a este mensaje si tiene preguntas, o regístrese de nuevo en "
        "{register} cuando el motivo ya no se aplique.",
        "colleague_subject": "Usted es contacto de {organisation}",
        "colleague": "{who} le añadió como contacto de {organisation}. Inicie sesión con este "
        "enlace (funciona una vez, durante {minutes} minutos) para seguir sus promesas:",
        "reply": "¿Preguntas? Responda a este mensaje: llega a la Secretaría de la Red de las "
        "Naciones Unidas sobre la Migración ({secretariat}).",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def message(
    settings: Settings, to: str, language: str, subject: str, paragraphs: list[str]
) -> EmailMessage:
    said = words(language)
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = settings.mail_from
    mail["To"] = to
    mail["Reply-To"] = settings.secretariat_email
    mail["Message-ID"] = make_msgid(domain="gcm-pledges")
    reply = said["reply"].format(secretariat=settings.secretariat_email)
    mail["Content-Language"] = language
    mail.set_content("\n\n".join([*paragraphs, reply]) + "\n")
    return mail


def mail(
    settings: Settings,
    kind: str,
    to: tuple[str, str],
    language: str,
    link: str | None = None,
    **values: str,
) -> EmailMessage:
    """`kind`: confirm, approved, refused or colleague; `to`: the name and address; `link`
    (or, refused, the reason) comes after the kind's sentence, and its next step after it."""
    said, base = words(language), settings.public_url.rstrip("/")
    filled = {"sign_in": f"{base}/sign-in", "register": f"{base}/register", **values}
    paragraphs = [said["greeting"].format(name=to[0]), said[kind].format(**filled)]
    if link is not None:
        paragraphs.append(link)
    if f"{kind}_next" in said:
        paragraphs.append(said[f"{kind}_next"].format(**filled))
    subject = said[f"{kind}_subject"].format(**filled)
    return message(settings, to[1], language, subject, paragraphs)
