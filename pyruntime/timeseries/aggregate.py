"""Group a series into London local days and months.

Shared by every report (consumption, cost, carbon) so that "a day" means the
same 46, 48 or 50 half-hours everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .londontime import HALF_HOUR, day_bounds, local_date
from .series import Series, total


@dataclass(frozen=True, slots=True)
class DayTotal:
    """One London day of a series.

    Attributes
    ----------
    day : the local calendar day.
    kwh : energy over the half-hours present [kWh].
    present : half-hours holding a reading.
    expected : half-hours in the day (46, 48 or 50).
    """

    day: dt.date
    kwh: float
    present: int
    expected: int

    @property
    def complete(self) -> bool:
        return self.present == self.expected


@dataclass(frozen=True, slots=True)
class PeriodTotal:
    """Several days summed, e.g. a calendar month.

    ``present`` and ``expected`` count half-hours [-]; ``days`` counts local days.
    """

    key: str
    kwh: float
    present: int
    expected: int
    days: int

    @property
    def complete(self) -> bool:
        return self.present == self.expected

    @property
    def average_daily_kwh(self) -> float | None:
        """Average daily use normalised for gaps: kWh × half-hours expected ÷ half-hours present ÷ days [kWh/day].

        The period's own half-hours, not 48 a day: a week read in full that holds a 50-half-hour day uses its
        total over its seven days, not a seventh less than a 48-half-hour day for each extra half-hour."""
        return self.kwh * self.expected / self.present / self.days if self.present else None


def series_days(series: Series) -> tuple[dt.date, dt.date] | None:
    """First and last London day the series touches, or ``None`` when it is empty."""
    if not series.values:
        return None
    return local_date(series.start), local_date(series.end - HALF_HOUR)


def daily_totals(series: Series, first: dt.date, last: dt.date) -> tuple[DayTotal, ...]:
    """A :class:`DayTotal` for each London day from ``first`` to ``last`` inclusive."""
    out = []
    day = first
    while day <= last:
        start, end = day_bounds(day)
        kwh, present = total(series.window(start, end))
        out.append(DayTotal(day, kwh, present, (end - start) // HALF_HOUR))
        day += dt.timedelta(days=1)
    return tuple(out)


def month_key(day: dt.date) -> str:
    """``"2023-01"`` for any day in January 2023."""
    return f"{day.year:04d}-{day.month:02d}"


def group_by_month(days: Sequence[DayTotal]) -> tuple[PeriodTotal, ...]:
    """Sum consecutive :class:`DayTotal` s into calendar months, in order."""
    months: dict[str, list[DayTotal]] = {}
    for d in days:
        months.setdefault(month_key(d.day), []).append(d)
    return tuple(sum_days(key, ds) for key, ds in months.items())


def sum_days(key: str, days: Sequence[DayTotal]) -> PeriodTotal:
    """Sum any run of days into one :class:`PeriodTotal` labelled ``key``."""
    return PeriodTotal(
        key=key,
        kwh=sum(d.kwh for d in days),
        present=sum(d.present for d in days),
        expected=sum(d.expected for d in days),
        days=len(days),
    )
