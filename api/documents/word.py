"""The consolidated report as a DOCX the Secretariat edits in Word: the same parts and order as
the PDF, with Word's own heading styles (Heading 1 round tables, Heading 2 objectives, Heading 3
pledges), a contents field and "see page" fields that Word fills in when it opens the file, and
real tables for the targets and the annexes."""

from __future__ import annotations

import os
from io import BytesIO
from typing import BinaryIO

from docx import Document as new_document
from docx.shared import Pt

from api.documents.matter import METHOD, annex_tables, method_note
from api.documents.model import Progress, Report
from api.documents.outline import ANNEXES, SUMMARY, ObjectiveSection, sections
from api.documents.text import clean, moment
from api.documents.word_body import Writer
from api.documents.word_flow import Flow
from api.documents.word_parts import field, page_footer, update_fields_on_open
from api.documents.word_style import chart, set_up, table

Target = str | os.PathLike[str] | BinaryIO


def pledges(count: int) -> str:
    return f"{count:,} {'pledge' if count == 1 else 'pledges'}"


def cover(flow: Flow, report: Report) -> None:
    meta = report.meta
    flow.paragraph("Global Compact for Safe, Orderly and Regular Migration", "Subtitle")
    flow.paragraph(clean(meta.title), "Title")
    flow.paragraph(clean(meta.forum), "Subtitle")
    flow.paragraph(f"Data as at {moment(meta.data_as_of)}").paragraph_format.space_before = Pt(48)
    flow.paragraph(pledges(len(report.pledges)))
    flow.paragraph(
        "Selection: " + "; ".join(map(clean, meta.filters))
        if meta.filters
        else "All pledges recorded"
    )
    flow.paragraph(f"Live pledge pages: {clean(meta.base_url)}", "Facts")
    contents = flow.paragraph("Contents", "Title")
    contents.paragraph_format.page_break_before = True
    # Levels 1 and 2: the round tables and objectives (the pledges would make the contents
    # hundreds of lines long). Word builds it when it updates the fields on opening.
    field(flow.paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "Update the fields to show it.")


def summary(flow: Flow, report: Report) -> None:
    flow.heading(SUMMARY.heading, 1, new_page=True)
    flow.paragraph(
        f"Figures for the {pledges(len(report.pledges))} in this report, "
        f"as at {moment(report.meta.data_as_of)}."
    )
    table(flow, ("Figure", "Number"), [(c.label, f"{c.count:,}") for c in report.summary.totals])
    chart(flow, "Pledges by GCM objective", report.summary.by_objective)
    chart(flow, "Pledges by IMRF round table", report.summary.by_round_table)
    flow.paragraph(
        "A pledge counts under each objective and round table it addresses, so these bars add "
        "up to more than the number of pledges."
    )


def annexes(flow: Flow, report: Report) -> None:
    flow.heading(ANNEXES[0].heading, 1, new_page=True)
    total = f"{len(report.pledges):,}"
    for part, rows, what in annex_tables(report):
        flow.heading(part.heading, 2)
        body = [(clean(c.label), f"{c.count:,}") for c in rows] or [("None", "0")]
        table(flow, (what, "Pledges"), [*body, ("Pledges in the report", total)])
    flow.heading(METHOD.heading, 2)
    for paragraph in method_note(report):
        flow.paragraph(clean(paragraph))


def objective_section(writer: Writer, objective: ObjectiveSection, first: bool) -> None:
    flow = writer.flow
    flow.heading(objective.heading, 2, new_page=not first)
    flow.paragraph(objective.tally)
    for entry in objective.written:
        writer.pledge(entry)
    if objective.referenced:
        lead = flow.paragraph()
        lead.add_run(
            f"Also addressing objective {objective.number}, written out under another objective"
        ).bold = True
        lead.paragraph_format.space_before = Pt(10)
        lead.paragraph_format.keep_with_next = True
        for entry in objective.referenced:
            writer.reference(entry)


def write_docx(report: Report, target: Target, progress: Progress | None = None) -> None:
    """Write the report's DOCX to a path or a binary stream."""
    document = new_document()
    set_up(document)
    page_footer(document)
    update_fields_on_open(document)
    flow = Flow(document)
    cover(flow, report)
    summary(flow, report)
    writer = Writer(flow, report, progress)
    for round_table in sections(report):
        flow.heading(round_table.heading, 1, new_page=True)
        flow.paragraph(round_table.covers)
        for i, objective in enumerate(round_table.objectives):
            objective_section(writer, objective, first=i == 0)
    annexes(flow, report)
    writer.say("Saving", writer.total, writer.total)
    document.save(os.fspath(target) if isinstance(target, os.PathLike) else target)


def docx_bytes(report: Report, progress: Progress | None = None) -> bytes:
    out = BytesIO()
    write_docx(report, out, progress)
    return out.getvalue()
