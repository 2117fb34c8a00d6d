"""Adding a second file's readings of one fuel to those already loaded from files.

People download one file per month and load them one after another, so a
file for a fuel already loaded adds its half-hours to the ones there: the
union of both, the time between them left as a gap. A half-hour in both
files takes the later file's reading; how many of those differed is counted
so the page can say so (identical overlaps are not worth a word).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..fileformats.model import SupplierEstimate
from ..timeseries.londontime import HALF_HOUR
from ..timeseries.series import Series
from .facts import SetAside


@dataclass(frozen=True, slots=True)
class Combined:
    """Two series of one fuel joined.

    series : the union, contiguous from the earlier start to the later end, gaps where neither has a reading.
    added : half-hours with a reading in the later series only (new to the household).
    differed : half-hours in both with different readings; the later series' reading is kept.
    """

    series: Series
    added: int
    differed: int


def combine(earlier: Series, later: Series) -> Combined:
    """``earlier`` with ``later``'s readings added; ``later`` wins where both have a reading."""
    if not earlier.values:
        return Combined(later, later.present, 0)
    if not later.values:
        return Combined(earlier, 0, 0)
    start = min(earlier.start, later.start)
    end = max(earlier.end, later.end)
    values = earlier.window(start, end)
    offset = (later.start - start) // HALF_HOUR
    added = differed = 0
    for i, new in enumerate(later.values):
        if new is None:
            continue
        old = values[offset + i]
        if old is None:
            added += 1
        elif old != new:
            differed += 1
        values[offset + i] = new
    return Combined(Series(later.fuel, start, tuple(values)), added, differed)


def combine_set_aside(earlier: SetAside | None, later: SetAside | None) -> SetAside | None:
    """Faulty readings of both files, the later file's where both set one aside for the same half-hour."""
    if earlier is None or later is None or earlier.unit != later.unit:
        return later if later is not None else earlier
    by_start = dict(earlier.readings) | dict(later.readings)
    readings = tuple(sorted(by_start.items()))
    return SetAside(later.unit, sum(v for _, v in readings), later.rule, readings)


def combine_estimates(earlier: SupplierEstimate | None, later: SupplierEstimate | None) -> SupplierEstimate | None:
    """The supplier's daily cost figures of both files (the later file's for a day in both), when alike."""
    if later is None:
        return earlier
    if earlier is None or earlier.standing_included != later.standing_included:
        return later
    by_day = {d.day: d for d in earlier.days} | {d.day: d for d in later.days}
    return SupplierEstimate(later.label, later.standing_included, tuple(by_day[d] for d in sorted(by_day)))
