"""The half-hourly series: the one data model every report reads.

A series is a run of consecutive half-hours starting at a UTC instant, each
holding energy in kWh or ``None`` for a gap. Gaps are explicit so that no
report can fill them silently: totals say how many half-hours they rest on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .londontime import HALF_HOUR

FUELS = ("electricity", "gas", "export")
"""Channels a household can have: electricity import, gas import, electricity export."""

FUEL_LABELS = {
    "electricity": "Electricity import",
    "gas": "Gas",
    "export": "Electricity export",
}


@dataclass(frozen=True, slots=True)
class Series:
    """Energy per half-hour, contiguous from ``start``.

    Attributes
    ----------
    fuel : one of :data:`FUELS`.
    start : first half-hour's start [s since the Unix epoch, UTC]; a multiple of 1800.
    values : energy in each half-hour [kWh], ``None`` where no reading exists.
        Half-hour ``i`` covers ``[start + 1800 i, start + 1800 (i + 1))``.
    """

    fuel: str
    start: int
    values: tuple[float | None, ...]

    def __post_init__(self) -> None:
        if self.fuel not in FUELS:
            raise ValueError(f"unknown fuel {self.fuel!r}; expected one of {', '.join(FUELS)}")
        if self.start % HALF_HOUR:
            raise ValueError("a series must start on a half-hour boundary (UTC)")

    @property
    def end(self) -> int:
        """Instant just after the last half-hour [s, UTC]."""
        return self.start + HALF_HOUR * len(self.values)

    def window(self, start: int, end: int) -> list[float | None]:
        """Values for the half-hours in ``[start, end)``; ``None`` outside the series."""
        count = (end - start) // HALF_HOUR
        offset = (start - self.start) // HALF_HOUR
        out: list[float | None] = [None] * count
        lo = max(0, -offset)
        hi = min(count, len(self.values) - offset)
        if lo < hi:
            out[lo:hi] = self.values[offset + lo : offset + hi]
        return out

    @property
    def present(self) -> int:
        """Number of half-hours that hold a reading."""
        # C-speed count: reports ask this of every fuel on every view.
        return len(self.values) - self.values.count(None)


def series_from_readings(fuel: str, readings: Iterable[tuple[int, float]]) -> Series:
    """Build a contiguous series from ``(start instant [s, UTC], kWh)`` pairs.

    Readings may come in any order; half-hours between them with no reading
    become gaps. A start that is not on a half-hour boundary, or the same
    half-hour twice, is an error: cleaning such input is the parser's job and
    must be reported to the user, not absorbed here.
    """
    by_start: dict[int, float] = {}
    for t, kwh in readings:
        if t % HALF_HOUR:
            raise ValueError(f"reading at {t} is not on a half-hour boundary")
        if t in by_start:
            raise ValueError(f"two readings for the half-hour starting at {t}")
        by_start[t] = kwh
    if not by_start:
        return Series(fuel, 0, ())
    first, last = min(by_start), max(by_start)
    values = tuple(by_start.get(t) for t in range(first, last + HALF_HOUR, HALF_HOUR))
    return Series(fuel, first, values)


def total(values: Sequence[float | None]) -> tuple[float, int]:
    """``(sum of readings [kWh], number of half-hours present)``, skipping gaps."""
    s = 0.0
    n = 0
    for v in values:
        if v is not None:
            s += v
            n += 1
    return s, n
