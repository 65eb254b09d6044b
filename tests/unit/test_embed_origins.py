"""EMBED_ORIGINS: a wrong origin stops the start with a message that names it."""

from __future__ import annotations

import pytest

from infrastructure.settings import SettingsError, load_settings


def test_origins_are_read_trimmed_and_once() -> None:
    settings = load_settings(
        embed_origins=" https://www.un.org, http://127.0.0.1:8302,https://www.un.org "
    )
    assert settings.embed_origin_list == ("https://www.un.org", "http://127.0.0.1:8302")
    assert load_settings(embed_origins="*").embed_origin_list == ("*",)
    assert load_settings().embed_origin_list == ()


@pytest.mark.parametrize(
    "value",
    [
        "https://www.un.org/",  # a trailing slash: browsers never send one
        "https://www.un.org/pledges",
        "www.un.org",
        "ftp://www.un.org",
        "https://WWW.UN.ORG",  # browsers send origins in lower case
        "*, https://www.un.org",
        "'self'",
        "https://www.un.org; script-src *",
    ],
)
def test_a_wrong_origin_stops_the_start(value: str) -> None:
    with pytest.raises(SettingsError, match="EMBED_ORIGINS"):
        load_settings(embed_origins=value)
