"""Join the laid-out parts into one PDF (pypdf) and stamp what depends on the whole: the footer
"Page N of M" and the running header on every page, and the number in every "see page" slot;
then the links of the contents and of the references, the bookmarks, and the title. Stamped
text is set in Helvetica (helvetica.py), so the numbers sit in the line like typed text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO, cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
)

from api.documents import helvetica
from api.documents.helvetica import text_op
from api.documents.layout import Laid

PX = 0.75  # PDF points per CSS pixel
FOOTER_PT, HEADER_PT, XREF_PT = 8.0, 7.5, 9.0  # .xref's font size in report.css
FOOTER_FROM_BOTTOM = 34.0  # points: inside the bottom margin (24 mm = 68 pt)
HEADER_FROM_TOP, HEADER_RIGHT = 51.0, 56.7  # 18 mm from the top, ending at the 20 mm margin
FONT = NameObject(helvetica.NAME)
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Stamps:
    slots: list[tuple[str, str]]  # (slot anchor, anchor of the pledge written out)
    links: list[tuple[str, str]]  # (contents entry anchor, heading anchor)
    outline: list[tuple[int, str, str]]  # (level, title, anchor), in document order
    running: list[tuple[str, str]]  # (anchor, running header from there on), in order
    title: str


@dataclass(frozen=True)
class Place:
    page: int  # 0-based, in the joined document
    x: float  # CSS pixels from the page's top left
    y: float


def places(parts: Sequence[Laid]) -> tuple[dict[str, Place], int]:
    found: dict[str, Place] = {}
    offset = 0
    for laid in parts:
        for name, (index, x1, y1, _x2, _y2) in laid.anchors.items():
            found.setdefault(name, Place(offset + index, x1, y1))
        offset += laid.pages
    return found, offset


def headers(where: dict[str, Place], running: list[tuple[str, str]], total: int) -> list[str]:
    """Each page's running header: the first section that starts on the page, or else the
    one in effect since an earlier page (none before the first)."""
    starts: dict[int, list[str]] = defaultdict(list)
    for anchor, text in running:
        if anchor in where:
            starts[where[anchor].page].append(text)
    shown, current = [], ""
    for page in range(total):
        here = starts.get(page, [])
        shown.append(here[0] if here else current)
        current = here[-1] if here else current
    return shown


def stamp_page(writer: PdfWriter, page: PageObject, font: IndirectObject, ops: list[str]) -> None:
    resources = cast(DictionaryObject, page[NameObject("/Resources")].get_object())
    fonts = cast(DictionaryObject, resources.setdefault(NameObject("/Font"), DictionaryObject()))
    fonts = cast(DictionaryObject, fonts.get_object())
    fonts[FONT] = font
    contents = page[NameObject("/Contents")]
    drawn = contents.get_object()
    original = list(drawn) if isinstance(drawn, list) else [contents]
    # The part's own drawing runs inside q ... Q, so the stamp starts from the default state.
    opening, closing = DecodedStreamObject(), DecodedStreamObject()
    opening.set_data(b"q\n")
    closing.set_data(("\nQ\n" + "\n".join(ops)).encode("latin-1"))  # WinAnsi text
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(opening), *original, writer._add_object(closing)]
    )


def link(writer: PdfWriter, source: Place, target: Place, rect: Box) -> None:
    height = float(writer.pages[target.page].mediabox.height)
    fit = Fit.xyz(left=0, top=height - max(target.y - 12, 0) * PX)
    writer.add_annotation(source.page, Link(rect=rect, target_page_index=target.page, fit=fit))


def add_outline(writer: PdfWriter, where: dict[str, Place], stamps: Stamps) -> None:
    parents: dict[int, IndirectObject | None] = {0: None}
    for level, title, anchor in stamps.outline:
        if anchor not in where:
            continue
        place = where[anchor]
        height = float(writer.pages[place.page].mediabox.height)
        parents[level] = writer.add_outline_item(
            title=title,
            page_number=place.page,
            parent=parents.get(level - 1),
            fit=Fit.xyz(left=0, top=height - max(place.y - 12, 0) * PX),
            is_open=level == 1,
        )


def join(parts: Sequence[Laid], stamps: Stamps, target: BinaryIO) -> int:
    """Write the joined, numbered PDF to `target`; return its number of pages."""
    writer = PdfWriter()
    for laid in parts:
        writer.append(PdfReader(BytesIO(laid.pdf)), import_outline=False)
    where, total = places(parts)
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    ops: dict[int, list[str]] = defaultdict(list)
    for slot, written in stamps.slots:
        at, page = where[slot], where[written].page + 1
        height = float(writer.pages[at.page].mediabox.height)
        ops[at.page].append(text_op(at.x * PX, height - at.y * PX, XREF_PT, 0.23, str(page)))
    for index, (page_object, header) in enumerate(
        zip(writer.pages, headers(where, stamps.running, total), strict=True)
    ):
        page_width, height = float(page_object.mediabox.width), float(page_object.mediabox.height)
        words = f"Page {index + 1} of {total}"
        x = (page_width - helvetica.width(words, FOOTER_PT)) / 2
        ops[index].append(text_op(x, FOOTER_FROM_BOTTOM, FOOTER_PT, 0.35, words))
        if header:
            x = page_width - HEADER_RIGHT - helvetica.width(header, HEADER_PT)
            ops[index].append(text_op(x, height - HEADER_FROM_TOP, HEADER_PT, 0.35, header))
        stamp_page(writer, page_object, font, ops[index])
    for slot, written in stamps.slots:
        at = where[slot]
        height = float(writer.pages[at.page].mediabox.height)
        x, y = at.x * PX, height - at.y * PX
        link(writer, at, where[written], (x - 40, y - 3, x + 22, y + 9))
    for source, heading in stamps.links:
        at = where[source]
        height = float(writer.pages[at.page].mediabox.height)
        x, y = at.x * PX, height - at.y * PX
        link(writer, at, where[heading], (x, y - 14, x + 481, y))
    add_outline(writer, where, stamps)
    writer.add_metadata({"/Title": stamps.title, "/Producer": "GCM Pledge Tracker"})
    writer.write(target)
    return total
