"""One mail per address and day: which notices go to whom, and each digest made ready to send.

The day's digests are composed once the day's deadline scan is done and the outbox has read
the events it recorded, so that a contact of three due pledges gets one mail, not one now
and two later. A person who is a contact of two pledgers gets one digest too; each pledge's
link signs them in as the contact of that pledge's pledger (sign-in links name the contact
they were mailed to). When the digest is sent, what no longer holds is left out (a reminder
of a pledge fulfilled since), and so is the pledge of a contact erased since.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

from domain.errors import NotFoundError
from domain.pledge import Pledge
from domain.taxonomy import Role
from infrastructure.contacts import Contact
from infrastructure.container import Container
from infrastructure.sessions import Identity
from projections.digests import DueDigest, Notice, Plan
from workers.mail_words import language
from workers.messages import Digest, Entry
from workers.notices import NOTICES, When

K = TypeVar("K", bound=Hashable)
LINKS = {"report": "/my/pledges/{}#report-form", "pledge": "/my/pledges/{}"}


def compose_day(c: Container, day: date) -> int | None:
    """The day's digests, made once its scan is done and the outbox has read that far; how
    many (None: not yet, or made already)."""
    position = c.digests.waiting_day(day)
    if position is None or c.outbox.position() < position:
        return None
    return c.digests.compose(day, lambda notices: plan(c, notices, day))


def load_pledges(c: Container, ids: Iterable[UUID]) -> dict[UUID, Pledge]:
    found = {}
    for pledge_id in ids:
        try:
            found[pledge_id] = c.app.get_pledge(pledge_id)
        except NotFoundError:
            continue
    return found


def holding(
    c: Container, notices: list[Notice], day: date
) -> tuple[list[Notice], dict[UUID, Pledge]]:
    """The notices still true on the day, and their pledges."""
    pledges = load_pledges(c, {n.pledge_id for n in notices})
    when = When(day, c.settings.report_due_days)
    kept = [
        n
        for n in notices
        if n.kind in NOTICES
        and n.pledge_id in pledges
        and NOTICES[n.kind].holds(pledges[n.pledge_id], n, when)
    ]
    return kept, pledges


def by_address(
    items: list[tuple[K, UUID]], contacts: dict[UUID, list[Contact]]
) -> list[tuple[list[Contact], list[K]]]:
    """Each address with its contact for each pledger (the first, if it is several), and the
    items (of those pledgers) it is to be told of, in their order."""
    found: dict[str, tuple[dict[UUID, Contact], dict[K, None]]] = {}
    for key, pledger in items:
        for contact in contacts.get(pledger, []):
            mine, keys = found.setdefault(contact.email.strip().lower(), ({}, {}))
            mine.setdefault(pledger, contact)
            keys[key] = None
    return [(list(mine.values()), list(keys)) for mine, keys in found.values()]


def plan(c: Container, notices: list[Notice], day: date) -> Plan:
    kept, pledges = holding(c, notices, day)
    held = {n.id for n in kept}
    made = Plan(settled={n.id: "obsolete" for n in notices if n.id not in held})
    items = [(n.id, pledges[n.pledge_id].pledger_id) for n in kept]
    contacts = c.contacts.of_pledgers(list({pledger for _id, pledger in items}))
    for recipients, ids in by_address(items, contacts):
        made.digests.append(([contact.id or 0 for contact in recipients], ids))
    made.settled.update({i: "no_recipients" for i, pledger in items if pledger not in contacts})
    return made


@dataclass(frozen=True)
class Draft:
    """A digest before its links: to whom, and each pledge with its notices."""

    due: DueDigest
    contacts: dict[UUID, Contact]  # by pledger
    pledges: list[tuple[Pledge, list[Notice]]]


def drafts(c: Container, due: list[DueDigest]) -> tuple[list[Draft], dict[int, str]]:
    """What each digest holds now; the status of those left with nothing to say."""
    contacts = c.contacts.by_ids([i for d in due for i in d.contact_ids])
    made, empty = [], {}
    for digest in due:
        present = dict(contacts[i] for i in digest.contact_ids if i in contacts)
        kept, pledges = holding(c, digest.notices, digest.day)
        grouped: dict[UUID, list[Notice]] = {}
        for notice in sorted(kept, key=lambda n: NOTICES[n.kind].urgency):
            if pledges[notice.pledge_id].pledger_id in present:
                grouped.setdefault(notice.pledge_id, []).append(notice)
        if not grouped:
            empty[digest.id] = "obsolete" if present else "no_recipients"
            continue
        made.append(Draft(digest, present, [(pledges[p], n) for p, n in grouped.items()]))
    return made, empty


def digests(c: Container, drafted: list[Draft], now: datetime) -> list[tuple[DueDigest, Digest]]:
    """The drafts with a link for each pledge (made in one statement); a pledge whose contact
    was erased meanwhile gets none and is left out."""
    lifetime = timedelta(days=c.settings.reminder_link_days)
    names: dict[UUID, str] = {}
    wanted = []
    for draft in drafted:
        for pledge, notices in draft.pledges:
            contact = draft.contacts[pledge.pledger_id]
            name = names.setdefault(pledge.pledger_id, c.app.get_pledger(pledge.pledger_id).name)
            path = LINKS[NOTICES[notices[0].kind].link].format(pledge.reference)
            wanted.append((Identity(Role.PLEDGER, str(pledge.pledger_id), name, contact.id), path))
    tokens = iter(c.sessions.issue_links(wanted, lifetime))
    base = c.settings.public_url.rstrip("/")
    ready = []
    for draft in drafted:
        entries = []
        for pledge, notices in draft.pledges:
            token = next(tokens)
            if token is not None:
                link, page = f"{base}/sign-in/{token}", f"{base}/pledges/{pledge.reference}"
                entries.append((pledge, entry(pledge, notices, link, page)))
        if entries:
            ready.append((draft.due, digest_of(draft, entries, names, (now + lifetime).date())))
    return ready


def entry(pledge: Pledge, notices: list[Notice], link: str, page: str = "") -> Entry:
    return Entry(
        reference=pledge.reference,
        title=pledge.content.title,
        status=pledge.status.value,
        percent=pledge.percent_complete,
        deadline=pledge.deadline,
        last_report_on=pledge.last_report_on,
        notices=tuple((n.kind, n.due_on) for n in notices),
        link=link,
        page=page,
        comments=pledge.review_comments,
    )


def digest_of(
    draft: Draft, entries: list[tuple[Pledge, Entry]], names: dict[UUID, str], expires: date
) -> Digest:
    """The digest is written in its recipient's language (the one they chose for our mails
    when registering, or as a colleague), whatever language its pledges are written in."""
    first = draft.contacts[entries[0][0].pledger_id]
    pledgers = {p.pledger_id: names[p.pledger_id] for p, _e in entries}
    return Digest(
        message_id=f"<digest.{draft.due.day}.{draft.due.id}@gcm-pledges>",
        day=draft.due.day,
        name=first.name,
        address=first.email,
        pledgers=tuple(pledgers.values()),
        entries=tuple(e for _p, e in entries),
        language=language(first.language),
        expires=expires,
    )
