"""`pledges import FILE` and /console/imports: a file read, every row checked, then all of it
saved in one transaction, or nothing at all if any row is wrong (or on a dry run).

The same file twice changes nothing: a reference already recorded is skipped and counted; a
row without a reference gets an id from its pledger, title and date, so it is skipped too.
Imported pledges are published (they were reviewed where they came from). Every event names
the import as its actor: `import:<file name> (<sha256 prefix>) by <who>`, who being an actor
id (`staff:3`, `cli:<OS user>`) that the readable history turns into a name at read time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import RecordConflictError

from api.imports.faults import Fault, Faults
from api.imports.pledgers import PledgerBook
from api.imports.pledges import PledgeMaker, Related
from api.imports.sheets import Row, read
from domain.application import PledgeTracker
from domain.pledge import Pledge
from domain.pledger import PledgeReference, format_reference
from domain.queries import REFERENCE_PATTERN
from domain.taxonomy import Role
from domain.values import Actor

CONFLICT = "Some of these pledges were recorded meanwhile: nothing was written; run it again."
UNKNOWN_PLEDGER = UUID(int=0)
PLEDGE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:gcm-pledges:imported-pledge")


@dataclass
class Summary:
    file: str
    sha256: str
    dry_run: bool
    pledgers_created: int = 0
    pledgers_found: int = 0
    pledges_imported: int = 0
    pledges_skipped: int = 0
    reports: int = 0
    partners: int = 0
    references: list[str] = field(default_factory=list)
    errors: list[Fault] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.errors and not self.dry_run


def import_actor(file_name: str, data: bytes, who: str) -> Actor:
    digest = hashlib.sha256(data).hexdigest()[:12]
    return Actor(id=f"import:{file_name} ({digest}) by {who}", role=Role.SECRETARIAT)


def pledge_id(row: Row, reference: str) -> UUID:
    try:
        return UUID(row.get("id"))
    except ValueError:
        basis = reference or "|".join(row.get(c) for c in ("pledger", "title", "pledged_on"))
        return uuid5(PLEDGE_NAMESPACE, basis.upper())


class Importer:
    """`registered`: the pledgers known by name (the read model's), for partners and pledgers
    registered other than by an import."""

    def __init__(self, app: PledgeTracker, registered: dict[str, UUID]) -> None:
        self.app, self.registered = app, registered

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.app.recorder.select_events(aggregate_id, limit=1))

    def run(
        self,
        file_name: str,
        data: bytes,
        who: str,
        dry_run: bool = False,
        progress: Callable[[int], None] = lambda _n: None,
        rows: Callable[[int], None] = lambda _n: None,
    ) -> Summary:
        """`rows` is told how many pledge rows there are, `progress` of each one done."""
        summary = Summary(file_name, hashlib.sha256(data).hexdigest(), dry_run)
        actor = import_actor(file_name, data, who)
        faults = Faults()
        sheets = read(file_name, data)
        rows(len(sheets.get("Pledges", [])))
        book = PledgerBook(self.app, self.registered, faults, actor)
        for row in sheets.get("Pledgers", []):
            book.add_row(row)
        maker, related = PledgeMaker(faults, actor, self.app.today()), Related(sheets)
        made: list[Pledge] = []
        seen: set[str] = set()
        # Every pledge row's pledger first: a partner may be a later row's pledger.
        pledgers = {row.number: book.for_pledge(row) for row in sheets.get("Pledges", [])}
        for row in sheets.get("Pledges", []):
            progress(1)
            reference = self.reference(row, faults, seen)
            if reference is None:
                continue
            pid = pledge_id(row, reference)
            if self.exists(PledgeReference.create_id(reference) if reference else pid):
                summary.pledges_skipped += 1
                continue
            if reference and self.exists(pid):
                faults.add(row, "id", f"another pledge has this id, not {reference}")
                continue
            pledger = pledgers[row.number]
            number = reference or format_reference(self.year(row), 0)
            # An unknown pledger is one error: the row's others are found all the same.
            ids = (pid, pledger or UNKNOWN_PLEDGER, number)
            pledge = maker.make(row, ids, related, book.partner)
            if pledge is not None and pledger is not None:
                made.append(pledge)
        related.check_orphans(seen, faults)
        summary.errors = faults.in_order()
        summary.pledgers_created = len(book.new)
        summary.pledgers_found = len(book.found - set(book.new))
        summary.pledges_imported, summary.reports = len(made), maker.reports
        summary.partners = maker.partners
        summary.references = [p.reference for p in made]
        if summary.written:
            try:
                self.save(book, made, seen, summary)
            except RecordConflictError:
                # Another import or a submission recorded some of them meanwhile: nothing
                # of this one was written (one transaction); a second run skips those.
                summary.errors = [Fault("", 0, "", CONFLICT)]
        return summary

    def reference(self, row: Row, faults: Faults, seen: set[str]) -> str | None:
        """The row's reference as given (upper case), "" if none, None if it is wrong."""
        given = row.get("reference").strip().upper()
        if given and not REFERENCE_PATTERN.match(given):
            faults.add(row, "reference", "a reference reads GCM-YYYY-NNNN")
            return None
        if given in seen:
            faults.add(row, "reference", f"{given} is already on an earlier row")
            return None
        if given:
            seen.add(given)
        return given

    @staticmethod
    def year(row: Row) -> int:
        text = row.get("pledged_on")[:4]
        return int(text) if text.isdigit() and 1900 <= int(text) <= 2999 else 2018

    def save(self, book: PledgerBook, made: list[Pledge], seen: set[str], s: Summary) -> None:
        """One transaction; a pledge without a reference gets the next free one of its year."""
        records: list[object] = list(book.new.values())
        s.references = []
        self.reserve(seen)
        for pledge in made:
            reference = pledge.reference
            if reference.endswith("-0000"):
                reference = self.next_reference(pledge.pledged_on.year, seen)
                # The number is taken only now that the file is known good (no gaps from
                # dry runs or refused files); the Submitted event is not yet saved.
                pledge.reference = reference
                object.__setattr__(pledge.pending_events[0], "reference", reference)
            records += [pledge, PledgeReference.assigned(reference, pledge.id)]
            s.references.append(reference)
        self.app.save(*records)  # type: ignore[arg-type]

    def reserve(self, kept: set[str]) -> None:
        """The yearly numbers stop short of the references kept: a later submission of that
        year is never given one of them."""
        highest: dict[int, int] = {}
        for reference in kept:
            _, year_text, number_text = reference.split("-")
            year = int(year_text)
            highest[year] = max(highest.get(year, 0), int(number_text))
        for year, number in highest.items():
            self.app.numbers.reserve(year, number)

    def next_reference(self, year: int, seen: set[str]) -> str:
        while True:
            reference = format_reference(year, self.app.numbers.next_number(year))
            if reference not in seen and not self.exists(PledgeReference.create_id(reference)):
                seen.add(reference)
                return reference
