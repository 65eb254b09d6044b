"""Pieces of WordprocessingML that python-docx has no call for: fields (contents, page numbers,
"see page"), bookmarks, hyperlinks, and a setting that asks Word to update fields on opening."""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

LINK_COLOUR = "1F5F9E"


def field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field: Word computes it (when fields are updated); `shown` is what a reader
    sees until then, and what a converter that does not compute fields prints."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # ask Word to compute it when the document opens
    run._r.append(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Mark the whole paragraph as bookmark `name` (for PAGEREF fields and links)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def hyperlink(paragraph: Paragraph, rel: str, text: str) -> None:
    """A link to the external relationship `rel` (Flow.link_id), shown as `text`."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    props.append(colour)
    run.append(props)
    body = OxmlElement("w:t")
    body.set(qn("xml:space"), "preserve")
    body.text = text
    run.append(body)
    link.append(run)
    paragraph._p.append(link)


def update_fields_on_open(document: Document) -> None:
    """Word then asks to update the document's fields as it opens it: the contents and the
    page numbers of the references are filled in by Word itself."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def page_footer(document: Document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = 1  # centred
    paragraph.add_run("Page ")
    field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    field(paragraph, "NUMPAGES", "1")
