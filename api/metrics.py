"""Prometheus metrics. Defined once per process: the registry is global, apps are not.

With several server processes, `pledges serve` sets PROMETHEUS_MULTIPROC_DIR and each scrape
aggregates every process's samples from that folder.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

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


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type, across processes when there are several."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
