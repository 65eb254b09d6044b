"""`pledges tokens` and `pledges serve` as an operator uses them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from infrastructure.database import Database
from infrastructure.tokens import digest
from tests.conftest import as_url
from tests.factories import wire_pledge

pytestmark = pytest.mark.postgres
TOKEN = re.compile(r"gcmp_[A-Za-z0-9_-]{43}")
LINK = re.compile(r"https?://\S+/sign-in/[A-Za-z0-9_-]+")


def test_tokens_are_created_listed_and_revoked_and_stored_only_as_hashes(
    run: Callable[..., str], empty: Database
) -> None:
    pledger = run("pledgers", "add", "--name", "Lisbon", "--category", "civil_society").strip()
    created = run("tokens", "create", "--role", "pledger", "--pledger", pledger, "--name", "Ana")
    [plain] = TOKEN.findall(created)
    run("tokens", "create", "--role", "secretariat", "--name", "Desk")
    listing = run("tokens", "list")
    assert "Ana" in listing and "Desk" in listing and pledger[:8] in listing
    assert "gcmp_" not in listing
    with empty.pool().connection() as conn:
        hashes = [row[0] for row in conn.execute("SELECT token_hash FROM api_tokens ORDER BY id")]
    assert hashes[0] == digest(plain) and plain not in str(hashes)
    assert "revoked" in run("tokens", "revoke", "1")
    assert "No live token" in run("tokens", "revoke", "1", code=1)
    problems = run("tokens", "create", "--role", "pledger", "--name", "Nobody", code=1)
    assert "pledger" in problems
    unknown = "6f1c0b7e-0000-4000-8000-000000000000"
    run("tokens", "create", "--role", "pledger", "--pledger", unknown, "--name", "X", code=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve(empty: Database, tmp_path: Path) -> Iterator[Callable[[], Server]]:
    """Starts `pledges serve` (as many times as asked) on one port; stops what it started."""
    env = {**os.environ, "DATABASE_URL": as_url(empty), "DATA_DIR": str(tmp_path)}
    env["PYTHONUNBUFFERED"] = "1"  # see each line as it is printed
    env.pop("PUBLIC_URL", None)  # as on a fresh machine
    port, started = free_port(), []

    def start() -> Server:
        command = [str(Path(sys.executable).parent / "pledges"), "serve", "--port", str(port)]
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        started.append(process)
        server = Server(f"http://127.0.0.1:{port}", process)
        server.wait_until_up()
        return server

    yield start
    for process in started:
        if process.returncode is None:
            process.terminate()
            process.communicate(timeout=30)  # also closes its stdout pipe


class Server:
    def __init__(self, url: str, process: subprocess.Popen[str]) -> None:
        self.url, self.process = url, process

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "pledges serve exited"
            try:
                if httpx.get(f"{self.url}/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("pledges serve did not answer within a minute")

    def stop(self) -> str:
        """Stops the server; what it printed."""
        self.process.terminate()
        output, _ = self.process.communicate(timeout=30)
        return output


def test_serve_prints_its_url_and_a_secretariat_token_on_the_first_start_only(
    serve: Callable[[], Server],
) -> None:
    first = serve()
    printed = first.stop()
    assert f"{first.url}  (docs: {first.url}/api/docs)" in printed
    assert "First start: Secretariat token 1" in printed
    assert len(TOKEN.findall(printed)) == 1
    second = serve()
    printed_again = second.stop()
    assert second.url in printed_again and not TOKEN.findall(printed_again)


def test_the_first_token_works_against_a_running_server(serve: Callable[[], Server]) -> None:
    server = serve()
    server.process.terminate()
    [token] = TOKEN.findall(server.process.communicate(timeout=30)[0])
    server = serve()  # again, now that its token is known
    headers = {"Authorization": f"Bearer {token}"}
    pledger = httpx.post(
        f"{server.url}/api/pledgers",
        json={"name": "Lisbon", "category": "civil_society"},
        headers=headers,
    )
    assert pledger.status_code == 201, pledger.text
    body = wire_pledge(pledger.json()["id"])
    pledge = httpx.post(f"{server.url}/api/pledges", json=body, headers=headers)
    assert pledge.status_code == 201, pledge.text
    history = httpx.get(
        f"{server.url}/api/pledges/{pledge.json()['reference']}/history", headers=headers
    )
    actor = history.json()["items"][0]["actor"]
    assert actor["kind"] == "token" and actor["role"] == "secretariat"
    assert actor["name"].startswith("API token “") and "token:" not in history.text


def mailed_link(folder: Path, timeout: float = 30.0) -> str:
    """The sign-in link of the one mail file, once written (it is sent after the answer)."""
    deadline = time.monotonic() + timeout
    while not (files := list(folder.glob("*.eml"))):
        assert time.monotonic() < deadline, f"no mail file in {folder}"
        time.sleep(0.1)
    [found] = LINK.findall(files[0].read_text())
    return str(found)


def test_emailed_links_follow_the_port_served_and_never_the_requests_host(
    run: Callable[..., str], serve: Callable[[], Server], tmp_path: Path
) -> None:
    """With PUBLIC_URL unset, `pledges serve --port P` mails links to port P; the Host a
    request names is never used (anyone can send any Host header)."""
    run("staff", "add", "desk@un-network.example.org")
    server = serve()
    with httpx.Client(base_url=server.url) as client:
        page = client.get("/sign-in")
        [csrf] = re.findall(r'name="csrf" value="([^"]+)"', page.text)
        form = {"email": "desk@un-network.example.org", "csrf": csrf}
        forged = {"Host": "attacker.example.org"}
        assert client.post("/sign-in", data=form, headers=forged).status_code == 200
    link = mailed_link(tmp_path / "mail")
    assert link.startswith(f"{server.url}/sign-in/"), link
    with httpx.Client(base_url=server.url) as client:
        confirm = client.get(link.removeprefix(server.url))
        [csrf] = re.findall(r'name="csrf" value="([^"]+)"', confirm.text)
        used = client.post(link.removeprefix(server.url), data={"csrf": csrf})
        assert used.status_code == 303 and used.headers["location"] == "/console"
