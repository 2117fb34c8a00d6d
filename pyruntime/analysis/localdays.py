"""London local days as runs of half-hours, and their wall-clock slots.

Pattern analyses (average day, heatmap, night-time checks) compare the same
time of day across days, so they index half-hours by wall-clock slot
0..47 (00:00, 00:30, ... 23:30 local). Clock changes break the one-to-one
mapping, always in the 01:00–02:00 local hour:

* 46-half-hour day (clocks forward at 01:00 GMT): local 01:00 and 01:30
  never happen, so slots 2 and 3 have no half-hour that day;
* 50-half-hour day (clocks back at 01:00 GMT): local 01:00 and 01:30 happen
  twice, so slots 2 and 3 each have two half-hours (BST first, then GMT).

Working per day from :func:`~pyruntime.timeseries.londontime.day_bounds` avoids a
time-zone conversion per half-hour, which matters over three years of data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..timeseries.londontime import HALF_HOUR, day_bounds

SLOTS = 48
"""Wall-clock half-hour slots in a day."""

SEASONS = ("DJF", "MAM", "JJA", "SON")
"""Meteorological seasons: winter, spring, summer, autumn."""

SEASON_LABELS = {"DJF": "Winter (Dec–Feb)", "MAM": "Spring (Mar–May)", "JJA": "Summer (Jun–Aug)",
                 "SON": "Autumn (Sep–Nov)"}

SLOT_LABELS = tuple(f"{i // 2:02d}:{30 * (i % 2):02d}" for i in range(SLOTS))


@dataclass(frozen=True, slots=True)
class LocalDay:
    """One London day: its date, first instant [s, UTC] and number of half-hours (46/48/50)."""

    day: dt.date
    start: int
    count: int

    @property
    def end(self) -> int:
        return self.start + self.count * HALF_HOUR

    @property
    def slots(self) -> tuple[int, ...]:
        """Wall-clock slot of each of the day's half-hours, in time order."""
        return wall_slots(self.count)


@lru_cache(maxsize=4)
def wall_slots(count: int) -> tuple[int, ...]:
    """Wall-clock slot (0..47) of each half-hour of a day with ``count`` half-hours."""
    if count == SLOTS:
        return tuple(range(SLOTS))
    if count == SLOTS - 2:  # 01:00 and 01:30 skipped
        return (0, 1, *range(4, SLOTS))
    if count == SLOTS + 2:  # 01:00 and 01:30 repeated
        return (0, 1, 2, 3, 2, 3, *range(4, SLOTS))
    raise ValueError(f"a London day has 46, 48 or 50 half-hours, not {count}")


def local_days(first: dt.date, last: dt.date) -> Iterator[LocalDay]:
    """Every London day from ``first`` to ``last`` inclusive."""
    day = first
    while day <= last:
        start, end = day_bounds(day)
        yield LocalDay(day, start, (end - start) // HALF_HOUR)
        day += dt.timedelta(days=1)


def season_of(day: dt.date) -> str:
    """Meteorological season code of ``day``: "DJF", "MAM", "JJA" or "SON"."""
    return SEASONS[(day.month % 12) // 3]


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5
