"""What people are mailed about, one rule per kind of notice, keyed by the kind the event makes.

A reminder's kind is its ReminderKind; another event's is its type in snake case (Lapsed ->
lapsed). Mailing a new event is one entry here: the event type, whether its notice still
holds when the digest goes, where its link leads, and its words in each language. The outbox's
projection (OUTBOX, below) records a notice of each event named here.

In the words: {deadline}, {lapses_on}, {last_report} and {day} (the notice's date) are dates
in the mail's language; {from_now} and {lapse_from_now} say when ("in 7 days", "tomorrow");
{grace} is the grace period ("90 days"); {page} the pledge's public page; {comments} the
Secretariat's comments on a pledge returned for revision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.pledge import Pledge
from domain.taxonomy import FINAL_STATUSES, Review, Status
from projections.digests import Notice
from projections.outbox import outbox_projection
from workers.mail_words import NBSP


@dataclass(frozen=True)
class Words:
    label: str  # in a subject: "deadline in 7 days"
    reason: str  # what happened or is due, in a sentence
    action: str  # what to do, before the link


@dataclass(frozen=True)
class When:
    """What a rule needs to know besides the pledge: the digest's day and the settings."""

    day: date
    report_due_days: int


@dataclass(frozen=True)
class Rule:
    event: str  # the Pledge event type that makes the notice
    urgency: int  # an entry's action and link are those of its most urgent notice (lowest)
    holds: Callable[[Pledge, Notice, When], bool]  # still true when the digest goes
    link: str  # "report": the pledge's report form; "pledge": its page in the portal
    words: dict[str, Words]


def is_open(pledge: Pledge) -> bool:
    return pledge.status not in FINAL_STATUSES


def french(words: Words) -> Words:
    """French typography: a no-break space before : ; ? and !."""
    fix = {f" {mark}": f"{NBSP}{mark}" for mark in ":;?!"}

    def spaced(text: str) -> str:
        for plain, spaced_mark in fix.items():
            text = text.replace(plain, spaced_mark)
        return text

    return Words(spaced(words.label), spaced(words.reason), spaced(words.action))


def report_still_due(pledge: Pledge, notice: Notice, when: When) -> bool:
    last = pledge.last_report_on
    return is_open(pledge) and (last is None or (notice.due_on - last).days >= when.report_due_days)


NOTICES: dict[str, Rule] = {
    "returned_for_revision": Rule(
        event="ReturnedForRevision",
        urgency=0,
        holds=lambda p, _n, _w: p.review == Review.RETURNED,  # not once amended
        link="pledge",
        words={
            "en": Words(
                "returned for revision",
                "The Secretariat reviewed the pledge and returned it for revision "
                "before it is published, with these comments: “{comments}”",
                "Amend the pledge as asked (it then goes back to the Secretariat) here:",
            ),
            "fr": french(
                Words(
                    "renvoyé pour révision",
                    "Le Secrétariat a examiné l'engagement et l'a renvoyé pour révision "
                    "avant sa publication, avec ces commentaires : « {comments} »",
                    "Modifiez l'engagement comme demandé (il retourne alors au Secrétariat) ici :",
                )
            ),
            "es": Words(
                "devuelto para revisión",
                "La Secretaría examinó el compromiso y lo devolvió para revisión antes "
                "de publicarlo, con estos comentarios: «{comments}»",
                "Modifique el compromiso como se pide (vuelve entonces a la Secretaría) aquí:",
            ),
        },
    ),
    "lapsed": Rule(
        event="Lapsed",
        urgency=1,
        holds=lambda p, _n, _w: p.status == Status.LAPSED,
        link="pledge",
        words={
            "en": Words(
                "lapsed",
                "The pledge lapsed on {day}: its deadline ({deadline}) and {grace} of grace "
                "passed without it being declared fulfilled.",
                "If the work goes on, reply to this message to ask the Secretariat to reinstate "
                "it with a new deadline. The pledge is here:",
            ),
            "fr": french(
                Words(
                    "devenu caduc",
                    "L'engagement est devenu caduc le {day} : son échéance ({deadline}) et "
                    "{grace} de délai de grâce sont passés sans qu'il soit déclaré réalisé.",
                    "Si le travail se poursuit, répondez à ce message pour demander au "
                    "Secrétariat de le rétablir avec une nouvelle échéance. L'engagement est ici :",
                )
            ),
            "es": Words(
                "caducado",
                "El compromiso caducó el {day}: su plazo ({deadline}) y {grace} de gracia "
                "pasaron sin que se declarara cumplido.",
                "Si el trabajo continúa, responda a este mensaje para pedir a la Secretaría "
                "que lo restablezca con un nuevo plazo. El compromiso está aquí:",
            ),
        },
    ),
    "overdue": Rule(
        event="ReminderSent",
        urgency=2,
        holds=lambda p, _n, w: is_open(p) and p.deadline < w.day,
        link="report",
        words={
            "en": Words(
                "overdue, lapses on {lapses_on}",
                "The deadline passed on {deadline}. Unless the pledge is declared fulfilled or "
                "given a later deadline, it will lapse on {lapses_on} ({lapse_from_now}).",
                "Declare the pledge fulfilled, or file a progress report, here (to ask for a "
                "later deadline, reply to this message):",
            ),
            "fr": french(
                Words(
                    "en retard, caduc le {lapses_on}",
                    "L'échéance est passée le {deadline}. S'il n'est pas déclaré réalisé ou "
                    "reporté, l'engagement deviendra caduc le {lapses_on} ({lapse_from_now}).",
                    "Déclarez l'engagement réalisé, ou soumettez un rapport d'avancement, ici "
                    "(pour demander un report de l'échéance, répondez à ce message) :",
                )
            ),
            "es": Words(
                "vencido, caduca el {lapses_on}",
                "El plazo venció el {deadline}. Si no se declara cumplido o se prorroga, el "
                "compromiso caducará el {lapses_on} ({lapse_from_now}).",
                "Declare cumplido el compromiso, o presente un informe de avance, aquí (para "
                "pedir una prórroga, responda a este mensaje):",
            ),
        },
    ),
    "deadline_approaching": Rule(
        event="ReminderSent",
        urgency=3,
        holds=lambda p, _n, w: is_open(p) and p.deadline >= w.day,
        link="report",
        words={
            "en": Words(
                "deadline {from_now}",
                "The deadline is {deadline} ({from_now}).",
                "File a progress report, or declare the pledge fulfilled if it is, here:",
            ),
            "fr": french(
                Words(
                    "échéance {from_now}",
                    "L'échéance est le {deadline} ({from_now}).",
                    "Soumettez un rapport d'avancement, ou déclarez l'engagement réalisé s'il "
                    "l'est, ici :",
                )
            ),
            "es": Words(
                "vence {from_now}",
                "El plazo vence el {deadline} ({from_now}).",
                "Presente un informe de avance, o declare cumplido el compromiso si lo está, aquí:",
            ),
        },
    ),
    "report_due": Rule(
        event="ReminderSent",
        urgency=4,
        holds=report_still_due,
        link="report",
        words={
            "en": Words(
                "progress report due",
                "No progress report since {last_report}.",
                "File a progress report here:",
            ),
            "fr": french(
                Words(
                    "rapport d'avancement attendu",
                    "Aucun rapport d'avancement depuis le {last_report}.",
                    "Soumettez un rapport d'avancement ici :",
                )
            ),
            "es": Words(
                "informe de avance pendiente",
                "Ningún informe de avance desde el {last_report}.",
                "Presente un informe de avance aquí:",
            ),
        },
    ),
    "reinstated": Rule(
        event="Reinstated",
        urgency=5,
        holds=lambda p, _n, _w: is_open(p),
        link="report",
        words={
            "en": Words(
                "reinstated",
                "The Secretariat reinstated the pledge, with a new deadline: {deadline}.",
                "File a progress report here when there is progress to tell:",
            ),
            "fr": french(
                Words(
                    "rétabli",
                    "Le Secrétariat a rétabli l'engagement, avec une nouvelle échéance : le "
                    "{deadline}.",
                    "Soumettez un rapport d'avancement ici dès qu'il y a des progrès à signaler :",
                )
            ),
            "es": Words(
                "restablecido",
                "La Secretaría restableció el compromiso, con un nuevo plazo: el {deadline}.",
                "Presente un informe de avance aquí cuando haya avances que comunicar:",
            ),
        },
    ),
    "published": Rule(
        event="Published",
        urgency=6,
        holds=lambda p, _n, _w: p.review == Review.PUBLISHED,
        link="report",
        words={
            "en": Words(
                "published",
                "The Secretariat published the pledge: anyone can now read it at "
                "{page}, and it counts in the dashboard and the consolidated report.",
                "File progress reports on it here:",
            ),
            "fr": french(
                Words(
                    "publié",
                    "Le Secrétariat a publié l'engagement : chacun peut désormais le "
                    "lire sur {page}, et il compte dans le tableau de bord et le rapport "
                    "consolidé.",
                    "Soumettez ses rapports d'avancement ici :",
                )
            ),
            "es": Words(
                "publicado",
                "La Secretaría publicó el compromiso: cualquiera puede leerlo ahora en "
                "{page}, y cuenta en el panel y en el informe consolidado.",
                "Presente sus informes de avance aquí:",
            ),
        },
    ),
    "match_offered": Rule(
        event="MatchOffered",
        urgency=7,
        holds=lambda p, _n, _w: is_open(p) and any(o.state == "pending" for o in p.match_offers),
        link="pledge",
        words={
            "en": Words(
                "support offered",
                "Another pledger offered support to match the pledge. Nothing is public "
                "until you accept the offer.",
                "Accept or refuse it under “My pledges”, here:",
            ),
            "fr": french(
                Words(
                    "soutien proposé",
                    "Un autre contributeur propose un soutien pour réaliser l'engagement. Rien "
                    "n'est public tant que vous n'acceptez pas l'offre.",
                    "Acceptez-la ou refusez-la dans « Mes engagements », ici :",
                )
            ),
            "es": Words(
                "apoyo ofrecido",
                "Otro contribuyente ofreció apoyo para realizar el compromiso. Nada es "
                "público hasta que usted acepte la oferta.",
                "Acéptela o rechácela en «Mis compromisos», aquí:",
            ),
        },
    ),
}
# The outbox's projection: it records a notice for each event named above.
OUTBOX = outbox_projection({rule.event for rule in NOTICES.values()})
