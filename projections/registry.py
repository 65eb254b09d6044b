"""Every projection by name, and how its view is built on an existing datastore."""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.postgres import PostgresDatastore

from projections.base import PledgeRowView
from projections.dashboard import DashboardAggregates, DashboardView
from projections.deadlines import Deadlines, DeadlineView
from projections.failures import Failure, FailureLog
from projections.projection import PledgeRowProjection
from projections.summaries import PledgeSummaries, PledgeSummaryView

APPLICATION = "Pledges"
PROJECTIONS: dict[str, tuple[type[PledgeRowProjection], type[PledgeRowView]]] = {
    PledgeSummaries.name: (PledgeSummaries, PledgeSummaryView),
    DashboardAggregates.name: (DashboardAggregates, DashboardView),
    Deadlines.name: (Deadlines, DeadlineView),
}


def tracking_table(name: str) -> str:
    """The table the library's runner names after the projection."""
    return f"{name}_tracking"


def build_view(name: str, datastore: PostgresDatastore, suffix: str = "") -> PledgeRowView:
    _projection, view_class = PROJECTIONS[name]
    return view_class(datastore, tracking_table_name=tracking_table(name), suffix=suffix)


@dataclass
class Views:
    summaries: PledgeSummaryView
    dashboard: DashboardView
    deadlines: DeadlineView
    failures: FailureLog

    @classmethod
    def build(cls, datastore: PostgresDatastore) -> Views:
        views = {name: build_view(name, datastore) for name in PROJECTIONS}
        failures = FailureLog(datastore)
        return cls(
            summaries=views[PledgeSummaries.name],  # type: ignore[arg-type]
            dashboard=views[DashboardAggregates.name],  # type: ignore[arg-type]
            deadlines=views[Deadlines.name],  # type: ignore[arg-type]
            failures=failures,
        )

    def failing(self) -> list[Failure]:
        """The events projections cannot apply, where they still stand in the way: one
        small query when none does (readiness and metrics ask at every probe)."""
        found = self.failures.current()
        if not found:
            return found
        positions = self.positions()
        return [f for f in found if f.position > positions.get(f.projection, 0)]

    def positions(self) -> dict[str, int]:
        return {
            name: view.max_tracking_id(APPLICATION) or 0
            for name, view in (
                ("pledge_summaries", self.summaries),
                ("dashboard", self.dashboard),
                ("deadlines", self.deadlines),
            )
        }
