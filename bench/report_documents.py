"""The consolidated report's PDF and DOCX (issue 17): seconds and peak memory at 214 pledges
(the IMRF 2022) and 3,500 (the Global Refugee Forum's size), against baselines measured in the
same run. Bar: 3,500 pledges in under 60 s and 500 MiB, for each format.

    .venv/bin/python bench/report_documents.py                 # 214 and 3,500, 3 rounds
    .venv/bin/python bench/report_documents.py --sizes 214 --rounds 2
    .venv/bin/python bench/report_documents.py --keep /tmp/reports   # keep the documents

Every measurement runs in a fresh process, so peaks do not carry over: the synthetic report
(api/documents/sample.py: descriptions of 300-3,000 characters, 1-3 targets, partners,
matches, narratives) is made first, then the document is written to a file and timed. Memory
is the resident peak (ru_maxrss) of that process, which counts WeasyPrint's and Pango's C
allocations that tracemalloc cannot see, and, for the PDF, the largest peak among the layout
worker processes (RUSAGE_CHILDREN); "bound" is the process plus that peak times the number of
workers, an upper bound of what runs at once. Baselines: `html` renders every part's HTML to
strings (the work before WeasyPrint), `text` writes the same texts to a plain file.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BAR_SECONDS, BAR_MIB = 60.0, 500.0
KINDS = ("html", "text", "pdf", "docx")


def child(kind: str, size: int, workers: int, out: Path) -> dict[str, float]:
    from api.documents import html
    from api.documents.outline import sections
    from api.documents.paging import parts
    from api.documents.pdf import write_pdf
    from api.documents.sample import synthetic
    from api.documents.word import write_docx

    report = synthetic(size)
    before = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    started = time.perf_counter()
    pages = 0
    if kind == "html":
        tables = sections(report)
        texts = [html.body(report, part) for part in parts(tables)]
        texts += [html.back(report), html.front(report, tables, {})]
        out.write_bytes(b"")
    elif kind == "text":
        with out.open("w", encoding="utf-8") as f:
            for p in report.pledges:
                f.write("\n".join([p.reference, p.title, p.description, p.pledger]))
                f.write(p.latest_report.narrative if p.latest_report else "")
    elif kind == "pdf":
        pages = write_pdf(report, out, workers=workers)
    else:
        write_docx(report, out)
    seconds = time.perf_counter() - started
    after = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(
        a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
        for a, b in zip(after, before, strict=True)
    )
    return {
        "seconds": seconds,
        "cpu": cpu,  # of this process and its layout workers, while writing the document
        "pages": pages,
        "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "bytes": out.stat().st_size,
    }


def measure(kind: str, size: int, workers: int, folder: Path) -> dict[str, float]:
    out = folder / f"report-{size}.{kind}"
    command = [sys.executable, __file__, "--child", kind, str(size), str(workers), str(out)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def line(kind: str, runs: list[dict[str, float]], workers: int, baseline: float | None) -> str:
    seconds = [r["seconds"] for r in runs]
    median = statistics.median(seconds)
    mib = max(r["mib"] for r in runs)
    worker = max(r["worker_mib"] for r in runs) if kind == "pdf" and workers > 1 else 0.0
    bound = mib + worker * workers
    cpu = statistics.median(r["cpu"] for r in runs)
    text = (
        f"  {kind:5} {median:7.2f} s (rounds {min(seconds):.2f}-{max(seconds):.2f}),"
        f" CPU {cpu:6.1f} s  peak {mib:6.0f} MiB"
    )
    if worker:
        text += f", worker {worker:4.0f} MiB x {workers}, bound {bound:5.0f} MiB"
    if runs[0]["pages"]:
        text += f"  {int(runs[0]['pages'])} pages"
    text += f"  {runs[0]['bytes'] / 2**20:.1f} MiB file"
    if baseline:
        text += f"  x{median / baseline:.0f} of baseline"
    if kind in ("pdf", "docx"):
        met = median < BAR_SECONDS and bound < BAR_MIB
        text += f"  [bar 60 s, 500 MiB: {'met' if met else 'MISSED'}]"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="214,3500", help="pledges per report (default 214,3500)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size and kind")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="layout processes for the PDF (default: the library's default)",
    )
    parser.add_argument("--formats", default="pdf,docx", help="pdf,docx (baselines always run)")
    parser.add_argument("--keep", type=Path, help="a folder to keep the documents in")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, size, workers, out = args.child
        print(json.dumps(child(kind, int(size), int(workers), Path(out))))
        return
    from api.documents.pdf import default_workers

    workers = args.workers or default_workers()
    kinds = ["html", "text", *args.formats.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"{size:,} pledges, {args.rounds} rounds, {workers} layout workers", flush=True)
            runs: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
            for _ in range(args.rounds):  # interleaved, so a busy spell hits every kind
                for kind in kinds:
                    runs[kind].append(measure(kind, size, workers, folder))
            baselines = {"pdf": "html", "docx": "text"}
            for kind in kinds:
                base = runs.get(baselines.get(kind, ""), [])
                reference = statistics.median(r["seconds"] for r in base) if base else None
                print(line(kind, runs[kind], workers, reference), flush=True)


if __name__ == "__main__":
    main()
