"""Counts in words: ``1 half-hour``, ``2 half-hours``, ``1,234 rows``.

Every count shown beside a noun goes through :func:`plural`, so a single item
never reads as "1 rows".
"""

from __future__ import annotations


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: ``plural(1, "day")`` is ``"1 day"``.

    ``nouns`` is the plural when adding an ``s`` is wrong (``plural(2, "reading was", "readings were")``).
    """
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def bracketed(label: str, note: str) -> str:
    """``label`` with ``note`` in brackets, joining a bracket the label already ends with.

    ``bracketed("Flexible Octopus (gas)", "assumed")`` is ``"Flexible Octopus (gas, assumed)"``, never
    ``"Flexible Octopus (gas) (assumed)"``.
    """
    if label.endswith(")") and "(" in label:
        return f"{label[:-1]}, {note})"
    return f"{label} ({note})"
