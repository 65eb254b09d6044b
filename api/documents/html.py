"""The report's parts as HTML for WeasyPrint: Jinja2 with autoescape on, so every text from the
data (titles, names, narratives) is printed as text, never read as markup."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from api.documents import text
from api.documents.charts import charts
from api.documents.matter import METHOD, annex_tables, contents, method_note
from api.documents.model import Report
from api.documents.outline import RoundTableSection
from api.documents.paging import Piece, slot_id


def _cleaned(value: object) -> object:
    """Every printed string loses the control characters XML refuses, as in the DOCX."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return text.clean(value)
    return value


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("api.documents", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        finalize=_cleaned,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=text.number,
        money=text.money,
        day=text.day,
        moment=text.moment,
        percent=text.percent,
        abridged=text.abridged,
    )
    env.globals["slot"] = slot_id
    return env


@cache
def stylesheet() -> str:
    return (files("api.documents") / "templates" / "report.css").read_text(encoding="utf-8")


def front(report: Report, tables: tuple[RoundTableSection, ...], pages: Mapping[str, int]) -> str:
    """Cover, contents and summary. `pages` gives each contents entry's page number; the
    numbers sit in a box of fixed width, so they never change the layout."""
    summary = report.summary
    return (
        environment()
        .get_template("front.html")
        .render(
            meta=report.meta,
            total=len(report.pledges),
            toc=contents(tables),
            pages=pages,
            summary=summary,
            charts=charts(summary.by_objective, summary.by_round_table),
        )
    )


def body(report: Report, part: list[Piece]) -> str:
    return environment().get_template("body.html").render(meta=report.meta, pieces=part)


def back(report: Report) -> str:
    return (
        environment()
        .get_template("back.html")
        .render(
            meta=report.meta,
            tables=annex_tables(report),
            total=len(report.pledges),
            method=METHOD,
            method_note=method_note(report),
        )
    )
