"""A series laid out as London days × 48 wall-clock slots.

The shared input of every time-of-day analysis (average day, heatmap,
night-time checks). Clock changes (see :mod:`.localdays`):

* 46-half-hour day: slots 2 and 3 (01:00, 01:30) are ``None`` — there was no
  such time, so that day contributes nothing to them;
* 50-half-hour day: slots 2 and 3 hold the *mean* of the two readings for that
  wall-clock time (or the one present), so every cell stays "energy in one
  half-hour" and averages across days are not inflated. Day totals must come
  from :func:`pyruntime.timeseries.aggregate.daily_totals`, not from summing a row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..timeseries.series import Series
from .localdays import SLOTS, LocalDay, local_days, wall_slots


@dataclass(frozen=True, slots=True)
class DayRow:
    """One London day's 48 wall-clock cells [kWh per half-hour], ``None`` where no reading exists."""

    local: LocalDay
    cells: tuple[float | None, ...]

    @property
    def day(self) -> dt.date:
        return self.local.day


def day_cells(values: list[float | None], count: int) -> tuple[float | None, ...]:
    """A day's half-hourly ``values`` (46/48/50 of them) mapped to 48 wall-clock cells."""
    if count == SLOTS:
        return tuple(values)
    cells: list[float | None] = [None] * SLOTS
    seen = [0] * SLOTS
    for slot, v in zip(wall_slots(count), values, strict=True):
        if v is None:
            continue
        if cells[slot] is None:
            cells[slot] = v
        else:
            cells[slot] += v
        seen[slot] += 1
    for slot in (2, 3):
        if seen[slot] == 2:
            cells[slot] = cells[slot] / 2
    return tuple(cells)


def slot_grid(series: Series, first: dt.date, last: dt.date) -> tuple[DayRow, ...]:
    """A :class:`DayRow` for each London day from ``first`` to ``last``."""
    return tuple(DayRow(ld, day_cells(series.window(ld.start, ld.end), ld.count)) for ld in local_days(first, last))
