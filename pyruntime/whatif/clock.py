"""London clock positions of half-hours, for devices that follow the clock (timers, plug-in windows)."""

from __future__ import annotations

from ..londontime import HALF_HOUR, utc_offset

SLOTS_PER_DAY = 48


def clock_slots(start: int, count: int) -> list[int]:
    """The London wall-clock half-hour (0 = 00:00–00:30 … 47 = 23:30–24:00) of each of ``count`` half-hours.

    On the autumn clock change the repeated hour's half-hours get the same
    clock slot twice; in spring 01:00–02:00 has none, as on a real clock.
    """
    out = []
    day_cache: dict[int, int] = {}
    for i in range(count):
        t = start + i * HALF_HOUR
        # Clocks change at 01:00 UTC: the offset can differ within a UTC day, so key by hour.
        hour = t // 3600
        off = day_cache.get(hour)
        if off is None:
            off = day_cache[hour] = utc_offset(t)
        out.append(((t + off) % 86400) // HALF_HOUR)
    return out


def parse_window(text: str) -> tuple[int, int]:
    """``"HHMM-HHMM"`` (London clock, on :00 or :30) → ``(first slot, end slot)``; may wrap midnight.

    Raises ``ValueError`` with a message for the page when the window is
    malformed or zero hours long.
    """
    raw = text.strip()
    parts = raw.split("-")
    if len(parts) != 2 or not all(len(p) == 4 and p.isdigit() for p in parts):
        raise ValueError(f"“{raw}” is not a window; write it as HHMM-HHMM, e.g. 2330-0530")
    slots = []
    for p in parts:
        h, m = int(p[:2]), int(p[2:])
        if h > 24 or m not in (0, 30) or (h == 24 and m):
            raise ValueError(f"“{p}” is not a time on the hour or half-hour")
        slots.append((h * 60 + m) // 30 % SLOTS_PER_DAY)
    if slots[0] == slots[1]:
        raise ValueError("the window is zero hours long; give different start and end times")
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
