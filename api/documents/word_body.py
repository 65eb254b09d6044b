"""A pledge written out in the DOCX, and the one-line reference to it elsewhere."""

from __future__ import annotations

from docx.shared import Pt

from api.documents.model import Pledge, Progress, Report
from api.documents.outline import Entry
from api.documents.text import clean, day, money, number, percent
from api.documents.word_flow import Flow
from api.documents.word_parts import bookmark, field, hyperlink
from api.documents.word_style import table

EVERY = 50  # pledges between two progress calls
TARGETS = ("Target indicator", "Baseline", "Target", "Latest value")


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


def facts(p: Pledge) -> str:
    parts = [
        f"{p.pledger} ({p.category})",
        f"{p.type} pledge",
        p.status + (f", {percent(p.percent_complete)}" if p.percent_complete is not None else ""),
        f"Deadline: {day(p.deadline)}",
        ("Objective " if len(p.objectives) == 1 else "Objectives ")
        + ", ".join(map(str, p.objectives)),
        ("Round table " if len(p.round_tables) == 1 else "Round tables ")
        + ", ".join(map(str, p.round_tables)),
    ]
    if p.region:
        parts.append(p.region)
    if p.forms:
        parts.append(", ".join(p.forms))
    if p.financial:
        parts.append(money(p.financial))
    return clean(" · ".join(parts))


def partners(p: Pledge) -> str:
    named = [f"{x.name} ({x.contribution})" if x.contribution else x.name for x in p.partners]
    return "; ".join(named) + "."


def matches(p: Pledge) -> str:
    return (
        "; ".join(
            f"{m.pledger}, {m.support.lower()} support"
            + (f" of {money(m.amount)}" if m.amount else "")
            + (f": {m.description}" if m.description else "")
            for m in p.matches
        )
        + "."
    )


class Writer:
    def __init__(self, flow: Flow, report: Report, progress: Progress | None) -> None:
        self.flow = flow
        self.meta = report.meta
        self.say = progress or _quiet
        self.total = len(report.pledges)
        self.done = 0

    def labelled(self, label: str, text: str) -> None:
        paragraph = self.flow.paragraph()
        paragraph.paragraph_format.space_before = Pt(4)  # clear of a table above it
        paragraph.add_run(label).bold = True
        paragraph.add_run(" " + clean(text))

    def pledge(self, entry: Entry) -> None:
        p, flow = entry.pledge, self.flow
        heading = flow.heading(clean(f"{p.reference} {p.title}"), 3)
        bookmark(heading, entry.anchor, self.done + 1)
        flow.paragraph(facts(p), "Facts")
        flow.paragraph(clean(p.description))
        if p.partners:
            self.labelled("Partner:" if len(p.partners) == 1 else "Partners:", partners(p))
        if p.matches:
            self.labelled("Matched by:", matches(p))
        if p.targets:
            rows = [
                (
                    f"{t.indicator} ({t.unit})" if t.unit else t.indicator,
                    number(t.baseline),
                    number(t.target),
                    number(t.latest),
                )
                for t in p.targets
            ]
            table(flow, TARGETS, rows)
        if p.latest_report:
            when = day(p.latest_report.as_of)
            self.labelled(f"Latest progress report, {when}:", p.latest_report.narrative)
        else:
            self.labelled("Progress:", "no progress report yet.")
        live = flow.paragraph("Live page: ", "Facts")
        url = clean(p.address(self.meta.base_url))
        hyperlink(live, flow.link_id(url), url)
        live.paragraph_format.space_after = Pt(12)
        self.done += 1
        if self.done % EVERY == 0 or self.done == self.total:
            self.say("Writing pledges", self.done, self.total)

    def reference(self, entry: Entry) -> None:
        p = entry.pledge
        paragraph = self.flow.paragraph()
        paragraph.add_run(clean(p.reference) + " ").bold = True
        paragraph.add_run(clean(f"{p.title} — under objective {p.main_objective}, see page "))
        field(paragraph, f"PAGEREF {entry.anchor} \\h", "?")
        paragraph.paragraph_format.left_indent = Pt(18)
        paragraph.paragraph_format.first_line_indent = Pt(-18)
        paragraph.paragraph_format.space_after = Pt(2)
