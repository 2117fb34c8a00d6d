"""Time-of-day patterns: average day by group, and the load-distribution view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .domestic_profile import typical_day
from .localdays import SEASON_LABELS, SEASONS, SLOTS, is_weekend, season_of
from .slotgrid import DayRow

GROUPS: tuple[tuple[str, str, Callable[[DayRow], bool]], ...] = (
    ("all", "All days", lambda r: True),
    ("weekday", "Weekdays (Mon–Fri)", lambda r: not is_weekend(r.day)),
    ("weekend", "Weekends (Sat–Sun)", lambda r: is_weekend(r.day)),
    *((s, SEASON_LABELS[s], (lambda r, s=s: season_of(r.day) == s)) for s in SEASONS),
)


@dataclass(frozen=True, slots=True)
class AverageDay:
    """Mean use in each wall-clock slot over a group of days.

    Attributes
    ----------
    key, label : the group ("weekday", "DJF", ...).
    days : days with at least one reading.
    kwh : mean of the readings in each slot [kWh per half-hour]; ``None`` if none.
    count : readings behind each slot's mean.
    typical_kwh : a typical home's shape over the same days, scaled so its
        total equals the sum of ``kwh`` [kWh per half-hour].
    """

    key: str
    label: str
    days: int
    kwh: tuple[float | None, ...]
    count: tuple[int, ...]
    typical_kwh: tuple[float | None, ...]


def average_days(rows: Sequence[DayRow]) -> tuple[AverageDay, ...]:
    """An :class:`AverageDay` for every group in :data:`GROUPS`.

    Each slot's mean uses only the days with a reading in it: gaps shrink
    the count, they are not counted as zero.
    """
    out = []
    for key, label, member in GROUPS:
        sums = [0.0] * SLOTS
        counts = [0] * SLOTS
        shape = [0.0] * SLOTS
        days = 0
        for row in rows:
            if not member(row):
                continue
            any_present = False
            for s, v in enumerate(row.cells):
                if v is not None:
                    sums[s] += v
                    counts[s] += 1
                    any_present = True
            if any_present:
                days += 1
                for s, w in enumerate(typical_day(season_of(row.day), is_weekend(row.day))):
                    shape[s] += w
        means = tuple(sums[s] / counts[s] if counts[s] else None for s in range(SLOTS))
        total = sum(m for m in means if m is not None)
        shape_total = sum(shape)
        typical = tuple(total * w / shape_total if shape_total > 0 else None for w in shape) if days else \
            (None,) * SLOTS
        out.append(AverageDay(key, label, days, means, tuple(counts), typical))
    return tuple(out)


BUCKETS = 20


@dataclass(frozen=True, slots=True)
class Bucket:
    """One 5 % slice of half-hours ranked by use, highest first.

    ``kwh`` is the slice's total [kWh]; ``share`` its fraction of all use [-].
    """

    rank: int
    count: int
    min_kwh: float
    max_kwh: float
    kwh: float
    share: float


def load_distribution(values: Sequence[float | None]) -> tuple[Bucket, ...]:
    """Half-hours ranked by use and cut into 20 equal-count buckets, highest first.

    The original site's "peakiness" view: e.g. "the 5 % of half-hours with
    the highest use make up z % of all use". Gaps are left out. When the count
    does not divide by 20, bucket ``k`` holds ranks ``[k n / 20, (k+1) n / 20)``
    so sizes differ by at most one. Fewer than 20 readings give no buckets.
    """
    present = sorted((v for v in values if v is not None), reverse=True)
    n = len(present)
    if n < BUCKETS:
        return ()
    grand = 0.0
    for v in present:
        grand += v
    out = []
    for k in range(BUCKETS):
        chunk = present[k * n // BUCKETS : (k + 1) * n // BUCKETS]
        kwh = 0.0
        for v in chunk:
            kwh += v
        out.append(Bucket(k + 1, len(chunk), chunk[-1], chunk[0], kwh, kwh / grand if grand > 0 else 0.0))
    return tuple(out)
