"""Paragraphs and tables appended to the DOCX body in constant time.

python-docx's `add_paragraph` and `add_table` look for the body's closing section properties
from the first child on every call, `add_table` reads every section, a style given by name is
looked up in the styles part, and each hyperlink searches the part's relationships: each
linear in what is already there, so 3,500 pledges took 75 s instead of about 20. Here the
closing `w:sectPr` is found once and every element is inserted just before it, style ids are
looked up once, and hyperlinks get numbered ids of their own.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.table import CT_Tbl
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

TEXT_WIDTH = Mm(170)


class Flow:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.container = document._body
        self.end = document.element.body.sectPr
        if self.end is None:
            raise ValueError("the document has no closing section properties")
        self.style_ids: dict[str, str] = {}
        self.links = 0

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self.end.addprevious(element)
        paragraph = Paragraph(element, self.container)
        if style:
            element.get_or_add_pPr().style = self.style_id(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def heading(self, text: str, level: int, new_page: bool = False) -> Paragraph:
        paragraph = self.paragraph(text, f"Heading {level}")
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def table(self, rows: int, columns: int, style: str = "Table Grid") -> Table:
        element = CT_Tbl.new_tbl(rows, columns, TEXT_WIDTH)
        self.end.addprevious(element)
        element.tblPr.style = self.style_id(style)
        return Table(element, self.container)

    def link_id(self, url: str) -> str:
        self.links += 1
        rid = f"rIdLink{self.links}"
        self.document.part.rels.add_relationship(
            RELATIONSHIP_TYPE.HYPERLINK, url, rid, is_external=True
        )
        return rid
