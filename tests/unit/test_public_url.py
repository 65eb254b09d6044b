"""Where emailed links point (issue 13): PUBLIC_URL when it is set, else the host and port
`pledges serve` listens on, as a browser on the machine reaches them."""

from __future__ import annotations

import pytest

from infrastructure.settings import load_settings, served_url


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8123, "http://127.0.0.1:8123"),
        ("0.0.0.0", 8000, "http://localhost:8000"),  # noqa: S104 - every interface
        ("::", 9000, "http://localhost:9000"),
        ("::1", 8123, "http://[::1]:8123"),
        ("pledges.internal", 80, "http://pledges.internal:80"),
    ],
)
def test_the_served_address(host: str, port: int, url: str) -> None:
    assert served_url(host, port) == url


def test_links_follow_the_served_port_unless_public_url_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    assert load_settings().served_at("127.0.0.1", 8123).public_url == "http://127.0.0.1:8123"
    monkeypatch.setenv("PUBLIC_URL", "https://pledges.example.org")
    kept = load_settings().served_at("127.0.0.1", 8123)
    assert kept.public_url == "https://pledges.example.org"
    given = load_settings(public_url="https://other.example.org").served_at("::", 1)
    assert given.public_url == "https://other.example.org"
