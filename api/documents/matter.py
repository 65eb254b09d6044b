"""What the front and back matter say, for both formats: the contents, the annex tables and
the method note."""

from __future__ import annotations

from api.documents.model import Count, Report
from api.documents.outline import ANNEXES, SUMMARY, Part, RoundTableSection
from api.documents.text import listing, moment

METHOD = ANNEXES[-1]


def contents(tables: tuple[RoundTableSection, ...]) -> list[tuple[int, str, str]]:
    """(level, anchor, text) of every entry in the contents, in document order."""
    found = [(SUMMARY.level, SUMMARY.anchor, SUMMARY.heading)]
    for table in tables:
        found.append((1, table.anchor, table.heading))
        found.extend((2, o.anchor, o.heading) for o in table.objectives)
    found.extend((part.level, part.anchor, part.heading) for part in ANNEXES)
    return found


def annex_tables(report: Report) -> list[tuple[Part, tuple[Count, ...], str]]:
    s = report.summary
    return [
        (ANNEXES[1], s.by_category, "Pledger category"),
        (ANNEXES[2], s.by_region, "Region of implementation"),
        (ANNEXES[3], s.by_form, "Form of the pledge"),
        (ANNEXES[4], s.by_status, "Status"),
    ]


def method_note(report: Report) -> list[str]:
    meta = report.meta
    selection = (
        "the pledges that match this selection: " + listing(list(meta.filters))
        if meta.filters
        else "every pledge recorded"
    )
    count = len(report.pledges)
    return [
        f"This report holds {selection} ({count:,} {'pledge' if count == 1 else 'pledges'}). "
        f"The data stand as at {moment(meta.data_as_of)}: pledges, statuses and progress "
        "reports recorded later are not in it. Each pledge's live page, whose address is given "
        f"with the pledge, shows it as it stands now ({meta.base_url}).",
        "The data come from the GCM Pledge Tracker, which records the pledges made under the "
        "Global Compact for Safe, Orderly and Regular Migration as their pledgers submitted them "
        "and the progress reports filed since. Only public data are printed: the names of "
        "pledging organisations and partners, never the names or addresses of their contacts.",
        "The report follows the four round tables of the International Migration Review Forum "
        "and, within each, the GCM objectives it covers in numeric order (the indicative "
        "grouping of resolution 73/326). Round tables and objectives that no pledge in this "
        "report addresses are left out of the body; the chart by objective shows them at zero.",
        "Each pledge is written out in full once, under its main objective: the first objective "
        "its pledger listed, since the pledge form asks for the main objectives first. Under "
        "every other objective it addresses, in the same or another round table, the pledge "
        "has a one-line reference giving the page where it is written out.",
        "In the summary and the annexes a pledge counts once by status, pledger category and "
        "region, and once under each form, objective and round table it names, so the counts "
        "by form, objective and round table add up to more than the number of pledges. The "
        "latest value of a target is the value its pledger gave in the most recent progress "
        "report that gave one. Figures of more than 15 digits are printed in scientific "
        "notation (1.000E+20).",
    ]
