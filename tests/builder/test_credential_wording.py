"""The landing and privacy pages say the same, true thing about credentials.

The Bright password goes only into the sign-in request of one load
(``pyruntime.providers.glowmarkt_loader``); the Octopus key is kept in the
worker's session for statement checks until the tab closes or the user
forgets everything (``pyruntime.ops.load``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "site_src" / "templates"


def words(name: str) -> str:
    text = re.sub(r"<[^>]+>", "", (TEMPLATES / name).read_text(encoding="utf-8"))
    return " ".join(text.split())


@pytest.mark.parametrize("name", ["index.html", "privacy.html"])
def test_the_bright_password_is_forgotten_after_the_load(name):
    text = words(name)
    assert re.search(r"Bright password is used for (this|the) one (load|sign-in)[^.]* then forgotten", text), name
    assert "password lives" not in text


@pytest.mark.parametrize("name", ["index.html", "privacy.html"])
def test_the_octopus_key_stays_in_memory_until_the_tab_closes(name):
    text = words(name)
    assert re.search(r"Octopus (API )?key (stays|lives) only in [^.]*memory", text), name
    assert "close the tab" in text
