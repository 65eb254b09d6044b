"""The consolidated report as a PDF: cover, contents, summary, the round tables, the annexes.

The parts are laid out independently (paging.py says why), on `workers` processes, then the
front matter is laid out once the body's page numbers are known, and everything is joined and
numbered (stamp.py). The contents' numbers sit in boxes of fixed width, so the front matter has
as many pages with numbers as without, and the body never moves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from multiprocessing.pool import Pool
from pathlib import Path
from typing import BinaryIO

from api.documents import html
from api.documents.layout import Laid, lay_out
from api.documents.matter import contents
from api.documents.model import Progress, Report
from api.documents.outline import RoundTableSection, sections
from api.documents.paging import PART_PLEDGES, parts, slot_id
from api.documents.stamp import Stamps, join

Target = str | os.PathLike[str] | BinaryIO
TASKS_PER_WORKER = 30  # a fresh process now and then (WeasyPrint keeps some memory per
# document), not too often: a new worker costs about 0.6 CPU-s of imports and a slow first part


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


@contextmanager
def runner(workers: int) -> Iterator[Pool | None]:
    if workers <= 1:
        yield None
        return
    # spawn, not fork: the caller may be a threaded server, and a forked copy of its locks
    # could hang the child. multiprocessing's Pool, not concurrent.futures: on Python 3.11 a
    # ProcessPoolExecutor with max_tasks_per_child hung here once its first worker retired.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, maxtasksperchild=TASKS_PER_WORKER) as pool:
        yield pool


def lay_out_all(pool: Pool | None, pages: list[str], progress: Progress) -> list[Laid]:
    total = len(pages) + 2  # and the numbered front matter, and the join
    laid: list[Laid] = []
    for part in pool.imap(lay_out, pages) if pool else map(lay_out, pages):
        laid.append(part)
        progress("Laying out pages", len(laid), total)
    return laid


def page_numbers(
    tables: tuple[RoundTableSection, ...], front: Laid, laid: list[Laid]
) -> dict[str, int]:
    """Each contents entry's page number, the front matter laid out as `front`."""
    wanted = {anchor for _level, anchor, _text in contents(tables)}
    numbers: dict[str, int] = {}
    offset = 0
    for part in [front, *laid]:
        for name, (index, *_box) in part.anchors.items():
            if name in wanted:
                numbers.setdefault(name, offset + index + 1)
        offset += part.pages
    return numbers


def stamps(report: Report, tables: tuple[RoundTableSection, ...]) -> Stamps:
    slots = [(slot_id(o, e), e.anchor) for t in tables for o in t.objectives for e in o.referenced]
    entries = contents(tables)
    outline = []
    for level, anchor, text in entries:
        outline.append((level, text, anchor))
        for objective in (o for t in tables for o in t.objectives if o.anchor == anchor):
            outline.extend((3, e.title, e.anchor) for e in objective.written)
    links = [(f"toc-{anchor}", anchor) for _level, anchor, _text in entries]
    running = [("summary", "Summary")]
    for t in tables:
        running.append((t.anchor, t.heading))
        running.extend(
            (o.anchor, f"{t.heading} · Objective {o.number}: {o.short}") for o in t.objectives
        )
    running.append(("annexes", "Annexes"))
    return Stamps(slots, links, outline, running, report.meta.title)


def write_pdf(
    report: Report,
    target: Target,
    progress: Progress | None = None,
    workers: int | None = None,
    part_pledges: int = PART_PLEDGES,
) -> int:
    """Write the report's PDF to a path or a binary stream; return its number of pages."""
    say = progress or _quiet
    tables = sections(report)
    plan = parts(tables, part_pledges)
    # The front matter without its page numbers comes first: it tells how many pages go
    # before the body, and is laid out alongside the body's parts.
    pages = [html.front(report, tables, {})]
    pages += [html.body(report, part) for part in plan] + [html.back(report)]
    count = min(workers or default_workers(), len(pages))
    with runner(count) as pool:
        draft, *laid = lay_out_all(pool, pages, say)
    del pages
    front = lay_out(html.front(report, tables, page_numbers(tables, draft, laid)))
    if front.pages != draft.pages:  # cannot happen while the numbers' boxes are fixed
        raise RuntimeError("the contents changed length when numbered")
    steps = len(laid) + 3  # the parts with the draft, the numbered front matter, the join
    say("Joining and numbering pages", steps - 1, steps)
    everything = [front, *laid]
    if isinstance(target, str | os.PathLike):
        with Path(target).open("wb") as out:
            total = join(everything, stamps(report, tables), out)
    else:
        total = join(everything, stamps(report, tables), target)
    say("Done", steps, steps)
    return total


def pdf_bytes(
    report: Report, progress: Progress | None = None, workers: int | None = None
) -> bytes:
    out = BytesIO()
    write_pdf(report, out, progress, workers)
    return out.getvalue()
