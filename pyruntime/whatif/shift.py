"""Flexible use moved into the cheapest hours of a window (the dishwasher, the washing, a hot-water tank)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InvalidField
from ..timeseries.londontime import HALF_HOUR
from .clock import clock_slots, in_window
from .placement import fill_cheapest, sessions


@dataclass(frozen=True, slots=True)
class Shift:
    """percent [%] of each day's use, or kwh_per_day [kWh]; hours it runs over [h]; window (first, end) clock slots."""

    percent: float
    kwh_per_day: float
    hours: float
    window: tuple[int, int]

    def __post_init__(self) -> None:
        if not (math.isfinite(self.percent) and 0 <= self.percent <= 100):
            raise InvalidField("percent", "the share shifted must be between 0 and 100 %")
        if not (math.isfinite(self.kwh_per_day) and 0 <= self.kwh_per_day <= 100):
            raise InvalidField("kwh_per_day", "the energy shifted must be between 0 and 100 kWh a day")
        if not (math.isfinite(self.hours) and 0.5 <= self.hours <= 24):
            raise InvalidField("hours", "the hours it runs over must be between 0.5 and 24")


@dataclass(frozen=True, slots=True)
class Shifted:
    """values : the new use per half-hour (``None`` = gap); moved_kwh : energy moved."""

    values: tuple[float | None, ...]
    moved_kwh: float


def shift_load(shift: Shift, load: Sequence[float | None], rates: Sequence[float | None], start: int,
             slots: Sequence[int] | None = None) -> Shifted:
    """Move energy out of the half-hours outside ``window`` into the window's cheapest ``hours``.

    For each run of the window (about a day apart), the energy to move is
    ``percent`` of the use in the day before the run ends (or
    ``kwh_per_day``), taken in proportion from the half-hours of that day
    outside the window, and never more than they hold.
    """
    slots = clock_slots(start, len(load)) if slots is None else slots
    present = [q is not None for q in load]
    values: list[float | None] = list(load)
    added: list[float | None] = [0.0 if p else None for p in present]
    moved = 0.0
    prev_end = 0
    day = 86400 // HALF_HOUR
    for run in sessions(slots, shift.window):
        lo = max(prev_end, run[-1] + 1 - day)
        outside = [i for i in range(lo, run[-1] + 1) if present[i] and not in_window(slots[i], shift.window)]
        prev_end = run[-1] + 1
        pool = sum(values[i] for i in outside)  # type: ignore[misc]
        if pool <= 0:
            continue
        use = sum(load[i] for i in range(lo, run[-1] + 1) if present[i])  # type: ignore[misc]
        want = min(pool, shift.kwh_per_day if shift.kwh_per_day else use * shift.percent / 100)
        if want <= 0:
            continue
        n = max(1, round(shift.hours * 2))
        chosen = sorted((i for i in run if present[i]),
                        key=lambda i: (rates[i] is None, rates[i] or 0.0, i))[:n]
        if not chosen:
            continue
        per_slot = want / len(chosen)
        fill_cheapest(added, present, rates, chosen, want, per_slot)
        for i in outside:
            values[i] -= want * values[i] / pool  # type: ignore[operator]
        moved += want
    out = tuple(None if v is None else v + (added[i] or 0.0) for i, v in enumerate(values))
    return Shifted(out, moved)
