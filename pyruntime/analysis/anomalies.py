"""Unusual days: daily totals far from the same weekday's norm.

For each complete London day, its neighbours are the complete days on the
same weekday within :data:`WINDOW_DAYS` either side (so up to 12 of them:
the norm follows the seasons). With at least :data:`MIN_NEIGHBOURS`, the
robust z-score is ``0.6745 × (kWh − median) ÷ MAD`` (Iglewicz and Hoaglin's
modified z-score; 0.6745 makes MAD comparable with a standard deviation);
``|z| > 3.5`` marks the day unusual. Days with missing half-hours are
skipped, not filled: a partial day would look low for no real reason.

The MAD is floored at :data:`MAD_FLOOR_SHARE` of the median (and
:data:`MAD_FLOOR_KWH`), so that a very regular home's ordinary wobble is not
called unusual: with the floor, a day must be at least about 26 % away from
its norm (3.5 ÷ 0.6745 × 5 %) to be flagged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..timeseries.aggregate import DayTotal
from .stats import median

WINDOW_DAYS = 42
MIN_NEIGHBOURS = 6
THRESHOLD = 3.5
MAD_FLOOR_SHARE = 0.05
MAD_FLOOR_KWH = 0.01


@dataclass(frozen=True, slots=True)
class UnusualDay:
    """A day far from its weekday norm: ``kwh`` and ``norm_kwh`` [kWh], ``z`` [-]."""

    day: dt.date
    kwh: float
    norm_kwh: float
    z: float
    neighbours: int

    @property
    def direction(self) -> str:
        return "high" if self.z > 0 else "low"


def unusual_days(days: Sequence[DayTotal]) -> tuple[tuple[UnusualDay, ...], int]:
    """``(unusual days in date order, days that could be scored)``."""
    found, scored = scored_days(days)
    return found, len(scored)


def scored_days(days: Sequence[DayTotal]) -> tuple[tuple[UnusualDay, ...], tuple[dt.date, ...]]:
    """``(unusual days in date order, the days that could be scored)``: a period's count is the scored days in it,
    not its complete days (a complete day without enough same-weekday neighbours is never scored)."""
    complete = {d.day: d.kwh for d in days if d.complete}
    out = []
    scored: list[dt.date] = []
    for day, kwh in complete.items():
        neighbours = []
        for k in range(7, WINDOW_DAYS + 1, 7):
            for other in (day - dt.timedelta(days=k), day + dt.timedelta(days=k)):
                v = complete.get(other)
                if v is not None:
                    neighbours.append(v)
        if len(neighbours) < MIN_NEIGHBOURS:
            continue
        scored.append(day)
        med = median(neighbours)
        mad = median([abs(v - med) for v in neighbours])
        mad = max(mad, MAD_FLOOR_SHARE * abs(med), MAD_FLOOR_KWH)
        z = 0.6745 * (kwh - med) / mad
        if abs(z) > THRESHOLD:
            out.append(UnusualDay(day, kwh, med, z, len(neighbours)))
    return tuple(out), tuple(scored)
