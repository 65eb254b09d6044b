"""The DOCX's page and styles, its tables and its charts.

Fonts are named Arial: Word has it everywhere, and LibreOffice shows Liberation Sans in its
place with the same metrics. Charts are the PDF's SVG drawn to PNG by cairosvg (python-docx
cannot embed an SVG), with every bar's number in the alternative text.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table

from api.documents.charts import bar_chart
from api.documents.model import Count
from api.documents.text import clean
from api.documents.word_flow import Flow

FONT = "Arial"
DARK_BLUE = RGBColor(0x14, 0x40, 0x6B)
HEADINGS = {1: 20, 2: 13, 3: 11}


def font_of(style: BaseStyle, size: float, bold: bool | None = None) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size = FONT, Pt(size)
    if bold is not None:
        font.bold = bold
    # The template's headings take their font from the theme, which wins over a name:
    # drop the theme attributes so Arial applies.
    fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    if fonts is not None:
        for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(key), None)


def set_up(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    styles = document.styles
    font_of(styles["Normal"], 10)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    for level, size in HEADINGS.items():
        style = styles[f"Heading {level}"]
        font_of(style, size, bold=True)
        style.font.color.rgb = DARK_BLUE
        style.paragraph_format.space_before = Pt(14 if level < 3 else 12)
        style.paragraph_format.space_after = Pt(6 if level < 3 else 3)
    font_of(styles["Title"], 28, bold=True)
    styles["Title"].font.color.rgb = DARK_BLUE
    font_of(styles["Subtitle"], 13)
    if "Facts" not in [s.name for s in styles]:
        facts = styles.add_style("Facts", WD_STYLE_TYPE.PARAGRAPH)
        facts.base_style = styles["Normal"]
        font_of(facts, 8.5)
        facts.font.color.rgb = RGBColor(0x3A, 0x3A, 0x3A)


def table(flow: Flow, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """A plain grid with a bold header row; the first column takes what the figures leave,
    and figures are right-aligned."""
    grid = flow.table(1 + len(rows), len(header))
    figures = len(header) - 1
    widths = [Mm(170 - 28 * figures)] + [Mm(28)] * figures
    for row_index, values in enumerate([header, *rows]):
        cells = grid.rows[row_index].cells
        for column, value in enumerate(values):
            cells[column].width = widths[column]
            paragraph = cells[column].paragraphs[0]
            run = paragraph.add_run(clean(value))
            run.font.size = Pt(8.5)
            run.bold = row_index == 0
            paragraph.paragraph_format.space_after = Pt(0)
            if column > 0:
                paragraph.alignment = 2  # right: figures line up
    return grid


def chart(flow: Flow, title: str, rows: Sequence[Count]) -> None:
    import cairosvg  # type: ignore[import-untyped]  # only the DOCX needs it

    heading = flow.paragraph()
    heading.add_run(title).bold = True
    heading.paragraph_format.keep_with_next = True
    svg = str(bar_chart(title, rows)).encode("utf-8")
    png = cairosvg.svg2png(bytestring=svg, output_width=1600, unsafe=False)
    picture = flow.paragraph().add_run().add_picture(BytesIO(png), width=Mm(170))
    # Alternative text, for readers who cannot see the picture: every bar's number.
    described = f"{title}: " + "; ".join(f"{clean(r.label)} {r.count}" for r in rows)
    picture._inline.docPr.set("descr", described)
