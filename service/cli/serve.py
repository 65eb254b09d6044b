"""`pledges serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import os
import shutil
import threading
from typing import Annotated

import typer

from infrastructure.container import Container
from infrastructure.logs import configure_logging
from infrastructure.settings import Settings, SettingsError, load_settings, served_url
from service.cli.common import console, errors
from service.container import build_container
from workers.main import start_workers


def announce(c: Container, url: str) -> None:
    """The URL, and on the first start (no token ever issued) a Secretariat token, once."""
    first = c.tokens.create_first("first start")
    console.print(f"GCM Pledge Tracker API on {url}  (docs: {url}/api/docs)", soft_wrap=True)
    console.print(f"Database: {c.database.safe_description}", soft_wrap=True)
    console.print(
        f"Dashboard: {url}/   Pledgers and Secretariat sign in at {url}/sign-in", soft_wrap=True
    )
    s = c.settings
    where = f"SMTP {s.smtp_host}" if s.smtp_host else f".eml files in {s.mail_folder}"
    console.print(
        f"Sign-in links and reminders go to {where}. Secretariat staff: `pledges staff add"
        " EMAIL`; pledgers: their contacts' addresses (`pledges pledgers add --contact`).",
        soft_wrap=True,
    )
    if first is not None:
        info, plain = first
        console.print(
            f"\nFirst start: Secretariat token {info.id}, shown only this once; keep it safe:",
            soft_wrap=True,
        )
        console.print(plain, soft_wrap=True)
        console.print(
            "More with `pledges tokens create`; revoke with `pledges tokens revoke`.\n",
            soft_wrap=True,
        )


def share_metrics_between_processes(settings: Settings) -> None:
    # Each worker process keeps its own samples; Prometheus must see their sum.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    folder = (settings.data_dir / "prometheus").resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes.", min=1, max=64)] = 1,
    background: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Also run the background jobs (projections, deadline scan, mailer) here; "
            "use --no-worker when `pledges worker` runs them elsewhere.",
        ),
    ] = True,
) -> None:
    """Serve the HTTP API, the dashboard and the docs (/api/docs) until interrupted."""
    import uvicorn  # only this command needs it

    try:
        settings = load_settings().served_at(host, port)
    except SettingsError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    # uvicorn's app factory (service/asgi.py, in each of its processes) reads the settings again.
    os.environ["PUBLIC_URL"] = settings.public_url
    configure_logging(settings)
    if workers > 1:
        share_metrics_between_processes(settings)
    # Held open while serving: it keeps the embedded PostgreSQL up for the server processes.
    with build_container(settings, process="serve") as c:
        announce(c, served_url(host, port))
        stop = threading.Event()
        jobs = start_workers(c, stop) if background else []
        if not background:
            c.close()  # each server process has its own; this one holds none, idle

        try:
            uvicorn.run(
                "service.asgi:server_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_config=None,  # keep the service's own log format (JSON in production)
                proxy_headers=True,
            )
        finally:
            stop.set()
            for job in jobs:
                job.join(timeout=10)
