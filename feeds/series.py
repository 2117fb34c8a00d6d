"""Pure half-hourly series helpers: expand rate rows, merge, trim to the compact form.

In memory a year of one series is a ``list[float | None]`` with one entry per UTC
half-hour of the year (index 0 = 1 January 00:00Z). On disk it is the compact form
``{"start": ISO, "step_seconds": 1800, "values": [...]}`` with leading and trailing
nulls trimmed and interior unknown half-hours kept as ``null``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from feeds.timeslots import SLOT_SECONDS, ceil_slot, iso, parse_instant, slots_in_year, year_bounds

YearValues = list[float | None]
VALUE_DECIMALS = 6


def blank_year(year: int) -> YearValues:
    """A year of unknown half-hours."""
    return [None] * slots_in_year(year)


def expand_rows(rows: Iterable[Any], window_from: int, window_to: int, attr: str) -> dict[int, float]:
    """Expand validity rows to {slot start: value} inside [window_from, window_to).

    A half-hour takes a row's value when its START lies in the row's
    [valid_from, valid_to); an open-ended row (``valid_to`` None) runs to the window
    end. Rows are applied oldest first, so where rows overlap the later one wins.
    This is how multi-hour rows (Go's off-peak window, Tracker's daily price,
    Flexible's quarterly price) become half-hours, in UTC, so clock-change days
    get their 46 or 50 half-hours without special cases.
    """
    out: dict[int, float] = {}
    for row in sorted(rows, key=lambda r: r.valid_from):
        lo = max(row.valid_from, window_from)
        hi = min(row.valid_to if row.valid_to is not None else window_to, window_to)
        value = round(float(getattr(row, attr)), VALUE_DECIMALS)
        for slot in range(ceil_slot(lo), hi, SLOT_SECONDS):
            out[slot] = value
    return out


def merge_points(values: YearValues, year: int, points: Mapping[int, float]) -> int:
    """Write the points that fall in ``year`` into ``values``; return how many changed.

    Only known values are written: a point never erases data with a null.
    """
    start, end = year_bounds(year)
    changed = 0
    for slot, value in points.items():
        if start <= slot < end:
            i = (slot - start) // SLOT_SECONDS
            if values[i] != value:
                values[i] = value
                changed += 1
    return changed


def to_compact(values: YearValues, year: int) -> dict[str, Any] | None:
    """Compact series document, or None when the year holds no known value."""
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return None
    first, last = known[0], known[-1]
    start = year_bounds(year)[0] + first * SLOT_SECONDS
    return {"start": iso(start), "step_seconds": SLOT_SECONDS, "values": values[first:last + 1]}


def from_compact(doc: Mapping[str, Any] | None, year: int) -> YearValues:
    """Full-year list from a compact series document (None -> blank year)."""
    values = blank_year(year)
    if not doc:
        return values
    if doc["step_seconds"] != SLOT_SECONDS:
        raise ValueError(f"unsupported step {doc['step_seconds']}s")
    offset = (parse_instant(doc["start"]) - year_bounds(year)[0]) // SLOT_SECONDS
    for i, v in enumerate(doc["values"]):
        values[offset + i] = v
    return values


def coverage(values: YearValues, year: int) -> dict[str, Any] | None:
    """``{"first", "end", "missing_slots"}``: first known slot start, last known slot
    end, and the count of unknown half-hours between them (holes in history)."""
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return None
    start = year_bounds(year)[0]
    first, last = known[0], known[-1]
    return {"first": iso(start + first * SLOT_SECONDS), "end": iso(start + (last + 1) * SLOT_SECONDS),
            "missing_slots": (last - first + 1) - len(known)}
