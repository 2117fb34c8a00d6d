"""Which days of a priced period the prices cover.

A price feed ends somewhere (the bundled sample covers one year); data runs
on. A total over a period the prices cover only partly is the total of the
covered days, and must say so; a period with no covered day has no £ figure
at all. This is the one rule every view reads, worked out where the period
is priced (:func:`~pyruntime.pricing.period.price_period`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


def day_runs(days: Iterable[dt.date]) -> tuple[tuple[dt.date, dt.date], ...]:
    """Consecutive days (in ascending order) as ``(first, last)`` runs."""
    runs: list[list[dt.date]] = []
    for d in days:
        if runs and runs[-1][1] + ONE_DAY == d:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    return tuple((a, b) for a, b in runs)


@dataclass(frozen=True, slots=True)
class PriceCoverage:
    """The London days ``first_day``–``last_day`` of a priced period and those the prices leave out.

    A day is covered when it has a standing charge and a unit rate for every half-hour with a reading.
    """

    first_day: dt.date
    last_day: dt.date
    uncovered: tuple[tuple[dt.date, dt.date], ...]
    """Runs of uncovered days, in order, inclusive."""

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def uncovered_days(self) -> int:
        return sum((b - a).days + 1 for a, b in self.uncovered)

    @property
    def covered_days(self) -> int:
        return self.days - self.uncovered_days

    @property
    def covered(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """Runs of covered days, in order, inclusive."""
        out, day = [], self.first_day
        for a, b in self.uncovered:
            if day < a:
                out.append((day, a - ONE_DAY))
            day = b + ONE_DAY
        if day <= self.last_day:
            out.append((day, self.last_day))
        return tuple(out)

    @property
    def full(self) -> bool:
        return not self.uncovered

    @property
    def none(self) -> bool:
        """No day is covered: no £ figure means anything."""
        return self.covered_days == 0

    @property
    def partial(self) -> bool:
        return not self.full and not self.none

    def within(self, first: dt.date, last: dt.date) -> PriceCoverage:
        """The same coverage cut to days ``first``–``last`` (inside this period)."""
        first, last = max(first, self.first_day), min(last, self.last_day)
        runs = tuple((max(a, first), min(b, last)) for a, b in self.uncovered if a <= last and b >= first)
        return PriceCoverage(first, last, runs)


def coverage_of(days: tuple[tuple[dt.date, int], ...], uncovered: Iterable[int]) -> PriceCoverage:
    """The coverage of London ``days`` (``(day, local midnight)``, in order) given the indexes of uncovered ones."""
    return PriceCoverage(days[0][0], days[-1][0], day_runs(days[i][0] for i in sorted(set(uncovered))))
