"""Join the laid-out parts into one PDF (pypdf) and stamp what depends on the whole: the footer
"Page N of M" on every page and the number in every "see page" slot; then the links of the
contents and of the references, the bookmarks, and the title.

Stamped text is set in Helvetica, which PDF readers always have (base 14 font) and whose
metrics the body's Liberation Sans shares, so the numbers sit in the line like typed text.
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

from api.documents.layout import Laid

PX = 0.75  # PDF points per CSS pixel
FOOTER_PT, XREF_PT = 8.0, 9.0  # .xref's font size in report.css
FOOTER_FROM_BOTTOM = 34.0  # points: inside the bottom margin (24 mm = 68 pt)
HELVETICA = {" ": 278, "P": 667, "a": 556, "g": 556, "e": 556, "o": 556, "f": 278}
HELVETICA.update(dict.fromkeys("0123456789", 556))
FONT = NameObject("/FStamp")
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Stamps:
    slots: list[tuple[str, str]]  # (slot anchor, anchor of the pledge written out)
    links: list[tuple[str, str]]  # (contents entry anchor, heading anchor)
    outline: list[tuple[int, str, str]]  # (level, title, anchor), in document order
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


def text_op(x: float, y: float, size: float, grey: float, words: str) -> str:
    return f"BT /FStamp {size} Tf {grey} g 1 0 0 1 {x:.2f} {y:.2f} Tm ({words}) Tj ET"


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
    closing.set_data(("\nQ\n" + "\n".join(ops)).encode("ascii"))
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
    for index, page_object in enumerate(writer.pages):
        words = f"Page {index + 1} of {total}"
        width = sum(HELVETICA[c] for c in words) * FOOTER_PT / 1000
        x = (float(page_object.mediabox.width) - width) / 2
        footer = text_op(x, FOOTER_FROM_BOTTOM, FOOTER_PT, 0.35, words)
        stamp_page(writer, page_object, font, [footer, *ops[index]])
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
