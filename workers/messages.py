"""A digest as a mail: plain text and HTML from templates, in the digest's language.

Every date, status and reason is in that language (workers/mail_words.py and the rules'
words in workers/notices.py); only the pledge's own title stays as it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr, formatdate
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from infrastructure.settings import Settings
from workers.mail_words import FRAME, STATUSES, colon, days, listed, long_date
from workers.notices import NOTICES

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEXT, HTML = TEMPLATES.get_template("digest.txt"), TEMPLATES.get_template("digest.html")
SECRETARIAT = "UN Network on Migration Secretariat"
SUBJECT_REFERENCES = 3  # a digest of more pledges names these and says how many more
UTF8 = Charset("utf-8")
UTF8.body_encoding = QP  # the text stays readable in the raw mail (and the .eml files)


@dataclass(frozen=True)
class Entry:
    """One pledge of a digest, with every notice about it (most urgent first)."""

    reference: str
    title: str
    status: str
    percent: int
    deadline: date
    last_report_on: date | None
    notices: tuple[tuple[str, date], ...]  # (kind, the notice's date)
    link: str
    page: str = ""  # the pledge's public page (once published)
    comments: str = ""  # the Secretariat's, while it is returned for revision


@dataclass(frozen=True)
class Digest:
    message_id: str
    day: date
    name: str
    address: str
    pledgers: tuple[str, ...]
    entries: tuple[Entry, ...]
    language: str
    expires: date


def when(n: int, lang: str) -> str:
    """In 7 days, tomorrow, today, 3 days ago; dans 7 jours...; dentro de 7 días..."""
    if n == 0:
        return {"en": "today", "fr": "aujourd'hui", "es": "hoy"}[lang]
    if n == 1:
        return {"en": "tomorrow", "fr": "demain", "es": "mañana"}[lang]
    if n < 0:
        return {"en": "{} ago", "fr": "il y a {}", "es": "hace {}"}[lang].format(days(-n, lang))
    return {"en": "in {}", "fr": "dans {}", "es": "dentro de {}"}[lang].format(days(n, lang))


def entry_context(entry: Entry, digest: Digest, grace: int) -> dict[str, Any]:
    lang, day = digest.language, digest.day
    lapses_on = entry.deadline + timedelta(days=grace)
    values = {
        "deadline": long_date(entry.deadline, lang),
        "lapses_on": long_date(lapses_on, lang),
        "last_report": long_date(entry.last_report_on, lang) if entry.last_report_on else "—",
        "from_now": when((entry.deadline - day).days, lang),
        "lapse_from_now": when((lapses_on - day).days, lang),
        "grace": days(grace, lang),
        "page": entry.page,
        "comments": entry.comments,
    }
    words = [(NOTICES[kind].words[lang], on) for kind, on in entry.notices]
    status = STATUSES[lang][entry.status]
    if entry.percent and entry.status not in ("lapsed", "withdrawn"):
        status += f" ({FRAME[lang]['complete'].format(percent=entry.percent)})"
    return {
        "entry": entry,
        "deadline": values["deadline"],
        "status": status,
        "labels": [w.label.format(**values, day=long_date(on, lang)) for w, on in words],
        "reasons": [w.reason.format(**values, day=long_date(on, lang)) for w, on in words],
        "action": words[0][0].action,
    }


def subject(digest: Digest, entries: list[dict[str, Any]]) -> str:
    frame, lang = FRAME[digest.language], digest.language
    if len(entries) == 1:
        return f"{entries[0]['entry'].reference}{colon(lang)} {'; '.join(entries[0]['labels'])}"
    references = [e.reference for e in digest.entries[:SUBJECT_REFERENCES]]
    more = len(digest.entries) - len(references)
    if more:
        references.append(frame["and_more"].format(n=more))
    return frame["subject_many"].format(n=len(entries), references=listed(references, lang))


def header(text: str) -> str:
    """A header's text, as RFC 2047 encoded words where it is not ASCII."""
    return text if text.isascii() else Header(text, UTF8).encode()


def part(text: str, subtype: str) -> MIMENonMultipart:
    made = MIMENonMultipart("text", subtype)
    made.set_payload(text, UTF8)
    return made


def render(digest: Digest, settings: Settings) -> MIMEMultipart:
    """The mail, made with the email package's classic classes: a third of the time its
    EmailMessage takes, which parses every header it is given."""
    lang, frame = digest.language, FRAME[digest.language]
    pledgers = listed(list(digest.pledgers), lang)
    entries = [entry_context(e, digest, settings.lapse_grace_days) for e in digest.entries]
    intro = "intro_one" if len(entries) == 1 else "intro_many"
    context = {
        "lang": lang,
        "frame": frame,
        "colon": colon(lang),
        "subject": subject(digest, entries),
        "greeting": frame["greeting"].format(name=digest.name)
        if digest.name.strip()
        else frame["greeting_unknown"],
        "intro": frame[intro].format(n=len(entries), pledgers=pledgers),
        "entries": entries,
        "link_note": frame["link_note"].format(
            expires=long_date(digest.expires, lang),
            sign_in=f"{settings.public_url.rstrip('/')}/sign-in",
        ),
        "reply": frame["reply"].format(secretariat=settings.secretariat_email),
        "footer": frame["footer"].format(pledgers=pledgers),
    }
    message = MIMEMultipart("alternative")
    message["Subject"] = header(str(context["subject"]))
    message["From"] = settings.mail_from
    message["To"] = formataddr((digest.name, digest.address))
    message["Reply-To"] = formataddr((SECRETARIAT, settings.secretariat_email))
    message["Message-ID"] = digest.message_id
    message["Date"] = formatdate(localtime=False)
    message["Content-Language"] = lang
    message.attach(part(TEXT.render(context), "plain"))
    message.attach(part(HTML.render(context), "html"))
    return message
