"""Prometheus metrics. Defined once per process: the registry is global, apps are not.

With several server processes, `pledges serve` sets PROMETHEUS_MULTIPROC_DIR and each scrape
aggregates every process's samples from that folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from projections.failures import Failure
from projections.registry import PROJECTIONS

REQUESTS = Counter(
    "pledges_http_requests_total",
    "HTTP requests answered, by route template, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "pledges_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method.",
    ["route", "method"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
COMMANDS = Counter(
    "pledges_commands_total",
    "Pledge commands applied (events recorded), by command type.",
    ["command"],
)
PROBLEMS = Counter(
    "pledges_problems_total",
    "Problem responses sent, by problem code.",
    ["code"],
)


class ProjectionFailures(Collector):
    """From the failures table at each scrape (projections/failures.py): the runner that
    writes it may run in another process, whose own samples no scrape here would see."""

    def __init__(self, failing: list[Failure]) -> None:
        self.failing = {f.projection: f for f in failing}

    def collect(self) -> Iterator[Metric]:
        stuck = GaugeMetricFamily(
            "pledges_projection_stuck",
            "1 while a read model cannot apply an event (it stays at the one before).",
            labels=["projection"],
        )
        attempts = GaugeMetricFamily(
            "pledges_projection_failed_attempts",
            "Failed attempts at the event a read model cannot apply (0: none).",
            labels=["projection"],
        )
        for name in PROJECTIONS:
            failure = self.failing.get(name)
            stuck.add_metric([name], 0 if failure is None else 1)
            attempts.add_metric([name], 0 if failure is None else failure.attempts)
        yield stuck
        yield attempts


def projection_metrics(failing: list[Failure]) -> bytes:
    registry = CollectorRegistry()
    registry.register(ProjectionFailures(failing))
    return generate_latest(registry)


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type, across processes when there are several."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
