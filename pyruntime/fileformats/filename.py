"""What a dropped file's name says about the meter it is from, when the file itself does not say.

Octopus's and Bright's downloads for an export meter have the same headings as the import ones, so only the
name (``electricity_export_2024-03.csv``) or the user can tell them apart.
"""

from __future__ import annotations

import re

from ..timeseries.series import FUEL_LABELS, FUELS
from .loader import display_name
from .model import FUEL_GUESSED

_NAME_WORDS = {"export": "export", "exports": "export", "exported": "export", "generation": "export",
               "gas": "gas", "import": "electricity", "imports": "electricity"}
"""Words of a file name that name a meter (a fuel of :data:`FUELS`)."""
_DATA_EXPORT = ("data", "dashboard", "csv", "usage", "account")
"""Words before ``export`` that make it a download of data (``octopus_dashboard_export.csv``), not an export meter."""


def fuel_in_name(name: str) -> tuple[str, str] | None:
    """``(fuel, word)`` when a file name names exactly one meter, else ``None``.

    Evidence weaker than a heading: used only for a file that does not say and whose meter the user did not
    choose, and the note says so.
    """
    words = re.findall(r"[a-z]+", str(name).lower())
    found: dict[str, str] = {}
    for before, word in zip(["", *words], words, strict=False):
        fuel = _NAME_WORDS.get(word)
        if fuel == "export" and word != "generation" and before in _DATA_EXPORT:
            continue
        if fuel is not None:
            found.setdefault(fuel, word)
    return next(iter(found.items())) if len(found) == 1 else None


def fuel_from_name_note(name: str, fuel: str, word: str) -> str:
    """The note for a file read as the meter its name names (see :func:`fuel_in_name`)."""
    others = " or ".join(FUEL_LABELS[f].lower() for f in FUELS if f != fuel)
    shown = display_name(name)  # as the data bar shows a file's name
    return (f"{FUEL_GUESSED}, but its name “{shown}” says “{word}”, so it was "
            f"read as {FUEL_LABELS[fuel].lower()}. If it holds {others}, choose that in “What the file holds” beside "
            "the file picker and load it again.")
