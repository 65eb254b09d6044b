"""Writes docs/import-template.xlsx (the sheets, their columns and a Columns sheet describing
each: api/imports/template.py) and docs/import-example-2022.xlsx (a few pledges made at the
2022 IMRF, with partners, reports and a fulfilment: docs/example_2022.py).
Run: .venv/bin/python docs/import_files.py"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from example_2022 import ROWS  # noqa: E402

from api.imports.template import book  # noqa: E402


def main() -> None:
    book({}).save(HERE / "import-template.xlsx")
    book(ROWS).save(HERE / "import-example-2022.xlsx")


if __name__ == "__main__":
    main()
