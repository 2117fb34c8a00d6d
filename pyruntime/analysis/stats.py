"""Order statistics with a fixed evaluation order (same answer on CPython and Pyodide)."""

from __future__ import annotations

from collections.abc import Sequence


def median(xs: Sequence[float]) -> float:
    """Median of a non-empty sequence: the mean of the two middle values when even."""
    s = sorted(xs)
    n = len(s)
    if not n:
        raise ValueError("median of nothing")
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2
