"""Words used the same way across reports.

Every count shown beside a noun goes through :func:`plural` (``1 half-hour``,
``1,234 rows``), so a single item never reads as "1 rows"; every tariff the
user typed in is named through :func:`entered_by_you`, so a select, a ranking
row and a heading call it the same thing.
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


# Not "yours": the household's own tariff is "yours" too (compare's "Yours: …" rows, "your current tariff").
ENTERED_BY_YOU = "entered by you"


def entered_by_you(name: str) -> str:
    """A hand-entered tariff's name as every view shows it: ``"Fixed deal (entered by you)"``."""
    return bracketed(name, ENTERED_BY_YOU)
