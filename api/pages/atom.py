"""Atom 1.0 documents (RFC 4287) for the feeds, written with ElementTree, which escapes.

Entry ids are tag: URIs (RFC 4151) made of PUBLIC_URL's host, the pledge's reference and the
event the entry tells of, so an entry keeps its id however often the feed is read and whatever
else happens to the pledge. Nothing personal is written: organisations' names (public, as on
the dashboard), never a contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

NS = "http://www.w3.org/2005/Atom"
TAG_DATE = "2026"  # the tag URIs' date: fixed, as the ids must never change
EPOCH = datetime(2018, 12, 10, tzinfo=UTC)  # an empty feed's `updated`: the GCM's adoption
# XML 1.0 refuses these characters; text recorded before today's rules might hold one.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ET.register_namespace("", NS)


def clean(text: object) -> str:
    return NOT_XML.sub("", str(text))


def moment(value: datetime | date) -> str:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def tag(base: str, specific: str) -> str:
    host = urlsplit(base).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{specific}"


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    summary: str
    author: str
    published: datetime | None = None
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term, label)


@dataclass
class Feed:
    id: str
    title: str
    subtitle: str
    self_url: str
    alternate: str
    entries: list[Entry]


def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{name}", attrs)
    if text is not None:
        element.text = clean(text)
    return element


def write_entry(root: ET.Element, e: Entry) -> None:
    entry = sub(root, "entry")
    sub(entry, "id", e.id)
    sub(entry, "title", e.title, type="text")
    sub(entry, "link", rel="alternate", type="text/html", href=e.link)
    sub(entry, "updated", moment(e.updated))
    if e.published is not None:
        sub(entry, "published", moment(e.published))
    sub(sub(entry, "author"), "name", e.author or "Unknown")
    for term, label in e.categories:
        sub(entry, "category", term=term, label=clean(label))
    sub(entry, "summary", e.summary, type="text")


def document(feed: Feed) -> bytes:
    root = ET.Element(f"{{{NS}}}feed")
    sub(root, "id", feed.id)
    sub(root, "title", feed.title, type="text")
    sub(root, "subtitle", feed.subtitle, type="text")
    newest = max((e.updated for e in feed.entries), default=EPOCH)
    sub(root, "updated", moment(newest))
    sub(root, "link", rel="self", type="application/atom+xml", href=feed.self_url)
    sub(root, "link", rel="alternate", type="text/html", href=feed.alternate)
    sub(sub(root, "author"), "name", "United Nations Network on Migration")
    sub(root, "generator", "GCM Pledge Tracker")
    for entry in feed.entries:
        write_entry(root, entry)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
