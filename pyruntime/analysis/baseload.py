"""Baseload: the "always-on" power a home draws even when nobody is doing anything.

Method. For each London day, take its night-time half-hours (wall-clock
00:00–05:00, ten slots), require at least :data:`MIN_NIGHT_READINGS` of
them, and average the :data:`LOWEST` lowest. The baseload is the median of
those daily values, as power [W] = kWh per half-hour × 2 × 1000.

Why. Night-time avoids solar panels cutting daytime import (a midday
minimum of zero says nothing about the fridge) and the hours people are
active. Three half-hours rather than the single minimum smooth out fridge
and freezer compressor cycles and the meter's 0.001 kWh (2 W) resolution.
The median over days ignores nights away (lower) and nights with a
dishwasher or car charging on a timer (higher).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .slotgrid import DayRow
from .stats import median

NIGHT_SLOTS = range(0, 10)
"""Wall-clock slots 00:00 to 04:30 (ending 05:00)."""

LOWEST = 3
MIN_NIGHT_READINGS = 6  # a clocks-forward night has only 8 of the 10 slots

HOURS_PER_YEAR = 8766  # 365.25 days [h]

FEW_NIGHTS = 28
"""Fewer nights than this (four weeks) and a figure a year made from the baseload says how many nights it rests on:
a season's nights, or a few of them, can sit well above or below the year's median."""


@dataclass(frozen=True, slots=True)
class Baseload:
    """The baseload estimate.

    Attributes
    ----------
    watts : median of the daily estimates [W].
    days : days with enough night-time readings.
    kwh_per_year : ``watts`` running all year [kWh].
    monthly : ``(month "YYYY-MM", watts, days)`` for each month with estimates.
    """

    watts: float
    days: int
    kwh_per_year: float
    monthly: tuple[tuple[str, float, int], ...]


def night_baseload_kwh(row: DayRow) -> float | None:
    """One day's estimate [kWh per half-hour], ``None`` with too few night readings."""
    night = sorted(v for s in NIGHT_SLOTS if (v := row.cells[s]) is not None)
    if len(night) < MIN_NIGHT_READINGS:
        return None
    return sum(night[:LOWEST]) / LOWEST


def baseload(rows: Sequence[DayRow]) -> Baseload | None:
    """The baseload of the days in ``rows``, or ``None`` when no day has enough night readings."""
    daily = []
    by_month: dict[str, list[float]] = {}
    for row in rows:
        b = night_baseload_kwh(row)
        if b is None:
            continue
        daily.append(b)
        by_month.setdefault(row.day.isoformat()[:7], []).append(b)
    if not daily:
        return None
    watts = median(daily) * 2000
    monthly = tuple((m, median(v) * 2000, len(v)) for m, v in by_month.items())
    return Baseload(watts, len(daily), watts * HOURS_PER_YEAR / 1000, monthly)
