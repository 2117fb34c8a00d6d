"""London clock positions of half-hours, for devices that follow the clock (timers, plug-in windows)."""

from __future__ import annotations

import datetime as dt

from ..errors import InvalidField
from ..timeseries.londontime import HALF_HOUR, bst_bounds

SLOTS_PER_DAY = 48


def clock_slots(start: int, count: int) -> tuple[int, ...]:
    """The London wall-clock half-hour (0 = 00:00–00:30 … 47 = 23:30–24:00) of each of ``count`` half-hours.

    On the autumn clock change the repeated hour's half-hours get the same
    clock slot twice; in spring 01:00–02:00 has none, as on a real clock.
    """
    return tuple(_walk_clock(start, count))


def _walk_clock(start: int, count: int) -> list[int]:
    out = []
    year_bounds: dict[int, tuple[int, int]] = {}
    i = 0
    while i < count:
        t = start + i * HALF_HOUR
        year = dt.datetime.fromtimestamp(t, dt.UTC).year
        if year not in year_bounds:
            year_bounds[year] = bst_bounds(year)
        lo, hi = year_bounds[year]
        year_end = int(dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
        # All half-hours to the end of this UTC year in one pass: only two offsets are possible.
        n = min(count, i + (year_end - t) // HALF_HOUR)
        for j in range(i, n):
            u = start + j * HALF_HOUR
            out.append(((u + (3600 if lo <= u < hi else 0)) % 86400) // HALF_HOUR)
        i = n
    return out


def parse_window(text: str) -> tuple[int, int]:
    """``"HHMM-HHMM"`` (London clock, on :00 or :30) → ``(first slot, end slot)``; may wrap midnight.

    Raises :class:`~pyruntime.errors.InvalidField` (field ``"window"``) with a
    message for the page when the window is malformed or zero hours long.
    """
    raw = text.strip()
    parts = raw.split("-")
    if len(parts) != 2 or not all(len(p) == 4 and p.isdigit() for p in parts):
        raise InvalidField("window", f"“{raw}” is not a window; write it as HHMM-HHMM, e.g. 2330-0530")
    slots = []
    for p in parts:
        h, m = int(p[:2]), int(p[2:])
        if h > 24 or m not in (0, 30) or (h == 24 and m):
            raise InvalidField("window", f"“{p}” is not a time on the hour or half-hour")
        slots.append((h * 60 + m) // 30 % SLOTS_PER_DAY)
    if slots[0] == slots[1]:
        raise InvalidField("window", "the window is zero hours long; give different start and end times")
    return slots[0], slots[1]


def in_window(slot: int, window: tuple[int, int]) -> bool:
    """Whether clock ``slot`` lies in ``window`` (``[first, end)``, wrapping midnight)."""
    lo, hi = window
    return lo <= slot < hi if lo < hi else slot >= lo or slot < hi


def window_label(window: tuple[int, int]) -> str:
    """``(47, 11)`` → ``"23:30–05:30"``."""
    def hhmm(s: int) -> str:
        return f"{s // 2:02d}:{30 * (s % 2):02d}"
    return f"{hhmm(window[0])}–{hhmm(window[1])}"
