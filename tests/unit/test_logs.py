"""Structured logs reach whatever stderr is now, as one JSON object a line when asked."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest

from infrastructure.logs import configure_logging
from infrastructure.settings import load_settings


@pytest.fixture
def root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


@pytest.mark.usefixtures("root_logging")
def test_a_line_logged_after_stderr_was_swapped_goes_to_the_new_stderr(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging(load_settings(log_format="json", environment="test"))
    first.close()  # as a test's capture is closed once it ends
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)

    logging.getLogger("workers.leadership").info("active", extra={"job": "summaries"})

    entry = json.loads(second.getvalue())
    assert (entry["logger"], entry["message"], entry["job"]) == (
        "workers.leadership",
        "active",
        "summaries",
    )
    assert entry["level"] == "info"


@pytest.mark.usefixtures("root_logging")
def test_uvicorn_colour_codes_stay_out_of_a_text_line(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    configure_logging(load_settings(log_format="text", environment="test"))

    # A logger of its own: uvicorn's, once a server has run in this process, no longer
    # propagates to the root logger.
    logging.getLogger("tests.as_uvicorn_logs").info(
        "Started server process [%d]",
        42,
        extra={"color_message": "Started server process [\x1b[36m%d\x1b[0m]"},
    )

    line = stream.getvalue()
    assert "tests.as_uvicorn_logs: Started server process [42]" in line
    assert "color_message" not in line and "\x1b" not in line
