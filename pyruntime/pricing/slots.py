"""Local time of day for runs of half-hours, computed once and shared.

Time-of-use windows are in London wall-clock time, so each half-hour needs
its local slot (0 = 00:00–00:30 … 47 = 23:30–24:00). Asking
:func:`~pyruntime.timeseries.londontime.utc_offset` per half-hour costs a datetime
each; a year of half-hours only has two offset changes, so we walk the BST
bounds instead and cache the result for the comparison's many tariffs.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ..timeseries.londontime import HALF_HOUR, bst_bounds

_DAY_SLOTS = 48


@lru_cache(maxsize=32)
def local_slots(start: int, count: int) -> tuple[int, ...]:
    """London slot of day (0–47) of each half-hour ``start + 1800 i`` for ``i < count``.

    On the day clocks go back, slots 2 and 3 (01:00, 01:30) occur twice; on
    the day they go forward, slots 2 and 3 never occur.
    """
    out: list[int] = []
    t = start
    end = start + count * HALF_HOUR
    while t < end:
        year = dt.datetime.fromtimestamp(t, dt.UTC).year
        bst_start, bst_end = bst_bounds(year)
        next_year = int(dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
        # Runs of constant offset within this UTC year: [t, bst_start), [bst_start, bst_end), [bst_end, next_year).
        for lo, hi, offset in ((t, bst_start, 0), (bst_start, bst_end, 3600), (bst_end, next_year, 0)):
            lo = max(lo, t)
            hi = min(hi, end)
            if lo >= hi:
                continue
            first = ((lo + offset) % 86400) // HALF_HOUR
            n = (hi - lo) // HALF_HOUR
            out.extend((first + i) % _DAY_SLOTS for i in range(n))
        t = min(next_year, end)
    return tuple(out)
