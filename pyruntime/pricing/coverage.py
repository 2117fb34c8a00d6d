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
class PartPricedDay:
    """A London day with a unit rate for only some of its half-hours with a reading."""

    day: dt.date
    priced_half_hours: int  # the day's half-hours with a unit rate
    half_hours: int  # the day's half-hours (46, 48 or 50)


@dataclass(frozen=True, slots=True)
class PriceCoverage:
    """The London days ``first_day``–``last_day`` of a priced period, those the prices leave out and those they
    price only in part.

    A day is covered (priced) when the total holds it: it has a unit rate for at least one half-hour. Its standing
    charge is in the total too when one is known; a covered day without one is counted as a day without a standing
    charge (:attr:`~pyruntime.pricing.period.PeriodCost.days_without_standing`), as a bill shows it. A day with no
    unit rate at all (on no agreement, before a feed's prices begin) is uncovered: nothing of it is in the total, not
    even a standing charge known for it, and it is not also counted as a day without one.

    A covered day that lacks a unit rate for some half-hour with a reading (a feed listing the repeated hour of the
    clock change once, an agreement ending mid-day) is part-priced: its priced half-hours and its standing charge
    are in the total, the others are not, and it is named as such rather than as a day with no prices.
    """

    first_day: dt.date
    last_day: dt.date
    uncovered: tuple[tuple[dt.date, dt.date], ...]
    """Runs of uncovered days, in order, inclusive."""
    part_priced: tuple[PartPricedDay, ...] = ()
    """The covered days priced only in part, in order."""

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
        """Every day priced, every half-hour with a reading of it too."""
        return not self.uncovered and not self.part_priced

    @property
    def none(self) -> bool:
        """No day is covered: no £ figure means anything."""
        return self.covered_days == 0

    @property
    def partial(self) -> bool:
        return not self.full and not self.none

    def names(self, day: dt.date) -> bool:
        """Whether ``day`` is one the coverage says is short of prices: without any, or priced only in part."""
        return any(a <= day <= b for a, b in self.uncovered) or any(d.day == day for d in self.part_priced)

    def within(self, first: dt.date, last: dt.date) -> PriceCoverage:
        """The same coverage cut to days ``first``–``last`` (inside this period)."""
        first, last = max(first, self.first_day), min(last, self.last_day)
        runs = tuple((max(a, first), min(b, last)) for a, b in self.uncovered if a <= last and b >= first)
        return PriceCoverage(first, last, runs, tuple(d for d in self.part_priced if first <= d.day <= last))


def coverage_of(days: tuple[tuple[dt.date, int], ...], uncovered: Iterable[int],
                part_priced: Iterable[PartPricedDay] = ()) -> PriceCoverage:
    """The coverage of London ``days`` (``(day, local midnight)``, in order) given the indexes of uncovered ones
    and the covered days priced in part."""
    return PriceCoverage(days[0][0], days[-1][0], day_runs(days[i][0] for i in sorted(set(uncovered))),
                         tuple(sorted(part_priced, key=lambda d: d.day)))
