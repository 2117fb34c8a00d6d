"""Put energy into the cheapest half-hours of clock windows: shared by the EV and load shifting."""

from __future__ import annotations

from collections.abc import Sequence

from .clock import in_window


def sessions(slots: Sequence[int], window: tuple[int, int]) -> tuple[tuple[int, ...], ...]:
    """Runs of consecutive half-hour indices whose clock slot is in ``window`` (one run per night or day)."""
    out: list[list[int]] = []
    prev = False
    for i, s in enumerate(slots):
        now = in_window(s, window)
        if now and not prev:
            out.append([])
        if now:
            out[-1].append(i)
        prev = now
    return tuple(tuple(run) for run in out)


def fill_cheapest(added: list[float | None], present: Sequence[bool], rates: Sequence[float | None],
                  session: Sequence[int], kwh: float, per_slot_kwh: float) -> float:
    """Add ``kwh`` to the cheapest half-hours of ``session``, at most ``per_slot_kwh`` each.

    Half-hours without a reading are skipped (a gap stays a gap); ties go
    to the earlier half-hour; a half-hour with no rate is used last.
    Returns the energy that did not fit [kWh].
    """
    usable = sorted((i for i in session if present[i]),
                    key=lambda i: (rates[i] is None, rates[i] if rates[i] is not None else 0.0, i))
    left = kwh
    for i in usable:
        if left <= 1e-12:
            break
        take = min(per_slot_kwh, left)
        added[i] = (added[i] or 0.0) + take
        left -= take
    return max(0.0, left)
