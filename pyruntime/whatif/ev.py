"""An electric car charged at home in the cheapest half-hours of its plug-in window, per tariff.

Intelligent Octopus Go's capped products (``IOG-SMB-VAR-24-10-29`` and
later ``IOG-SMB-…``) give the car its cheap rate for at most six hours a
day, "measured midday to midday", whether Octopus schedules them in the
home's 23:30–05:30 window or at other times; beyond that the car pays the
standard rate (Octopus's announcement quoted in springfall2008/batpred
#4248, Jul 2026; the cap in batpred PR #4829; field_2026.md §3.1). The
lab holds the car to that cap on those products. Octopus's extra
smart-charge slots outside 23:30–05:30 are chosen by Octopus day by day
and published in no feed, so the car is only ever charged in the
tariff's published cheap half-hours; with Intelligent Go's six-hour
window alone the cap cannot bind, and it cuts in only where a capped
product's rates have more cheap half-hours in a day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InvalidField
from ..pricing.history import Agreement, Pricing, TariffHistory
from ..timeseries.londontime import HALF_HOUR, local_date
from .clock import clock_slots
from .placement import fill_cheapest, sessions

SMART_CHARGE_CAPS = {"IOG-SMB-": 12}
"""Product-code prefix → cheap half-hours of car charging allowed a day, midday to midday (six hours)."""


@dataclass(frozen=True, slots=True)
class Ev:
    """miles_per_year [mi]; miles_per_kwh [mi/kWh] at the socket; charger_kw [kW]; window (first, end) clock slots."""

    miles_per_year: float
    miles_per_kwh: float
    charger_kw: float
    window: tuple[int, int]

    def __post_init__(self) -> None:
        if not (math.isfinite(self.miles_per_year) and 0 < self.miles_per_year <= 100_000):
            raise InvalidField("miles_per_year", "miles a year must be more than 0 and at most 100,000")
        if not (math.isfinite(self.miles_per_kwh) and 0.5 <= self.miles_per_kwh <= 10):
            raise InvalidField("miles_per_kwh", "efficiency must be between 0.5 and 10 miles per kWh")
        if not (math.isfinite(self.charger_kw) and 1 <= self.charger_kw <= 22):
            raise InvalidField("charger_kw", "charger power must be between 1 and 22 kW")

    @property
    def kwh_per_day(self) -> float:
        """Energy the car needs each day [kWh]."""
        return self.miles_per_year / self.miles_per_kwh / 365


@dataclass(frozen=True, slots=True)
class EvCharging:
    """added : kWh per half-hour (``None`` = gap); kwh : total charged; sessions : plug-ins; short_kwh : did not fit."""

    added: tuple[float | None, ...]
    kwh: float
    sessions: int
    short_kwh: float
    capped_half_hours: int = 0
    """Cheap half-hours the car would have used but for a smart-charge cap (it used dearer ones instead)."""


def smart_charge_cap(pricing: Pricing, start: int, count: int) -> tuple[int | None, ...] | None:
    """Each half-hour's cap on the car's cheap half-hours a day (``None`` = no cap), or ``None`` if none is capped.

    A half-hour is capped when the product version pricing it is one of :data:`SMART_CHARGE_CAPS`.
    """
    agreements = pricing.agreements if isinstance(pricing, TariffHistory) else (Agreement(pricing),)
    capped = [(a, n) for a in agreements for prefix, n in SMART_CHARGE_CAPS.items()
              if (a.tariff.product_code or "").startswith(prefix)]
    if not capped:
        return None
    out: list[int | None] = []
    for i in range(count):
        t = start + i * HALF_HOUR
        out.append(next((n for a, n in capped if a.covers(t)), None))
    return tuple(out)


def charge_ev(ev: Ev, load: Sequence[float | None], rates: Sequence[float | None], start: int,
             slots: Sequence[int] | None = None, runs: Sequence[Sequence[int]] | None = None,
             cap: Sequence[int | None] | None = None) -> EvCharging:
    """Each plug-in session (a run of the window) charges one day's need in its cheapest half-hours.

    ``rates`` [p/kWh] are the import tariff's; on a tariff with a smart
    charging window (Intelligent Octopus Go) its cheap half-hours are the
    ones chosen whenever the plug-in window covers them. ``cap``
    (:func:`smart_charge_cap`) limits, per half-hour, how many cheap
    half-hours the car may use in its midday-to-midday day; a cheap
    half-hour is one dearer than none other that day (the capped
    products have one cheap and one standard rate).
    """
    slots = clock_slots(start, len(load)) if slots is None else slots
    present = [q is not None for q in load]
    added: list[float | None] = [0.0 if p else None for p in present]
    per_slot = ev.charger_kw * HALF_HOUR / 3600
    short = 0.0
    if runs is None:  # the plug-in sessions are the same for every tariff: callers may pass them in
        runs = sessions(slots, ev.window)
    if cap is None:
        for run in runs:
            short += fill_cheapest(added, present, rates, run, ev.kwh_per_day, per_slot)
        return EvCharging(tuple(added), sum(a for a in added if a), len(runs), short)
    day = _midday_days(start, slots)
    cheap = _cheap(rates, day)
    used: dict[dt.date, int] = {}
    skipped = 0
    for run in runs:
        left, skips = _fill_capped(added, present, rates, run, ev.kwh_per_day, per_slot, cap, cheap, day, used)
        short, skipped = short + left, skipped + skips
    return EvCharging(tuple(added), sum(a for a in added if a), len(runs), short, skipped)


def _midday_days(start: int, slots: Sequence[int]) -> list[dt.date]:
    """The midday-to-midday day of each half-hour, named by the date it starts on (London clock)."""
    one = dt.timedelta(days=1)
    return [local_date(start + i * HALF_HOUR) - (one if s < 24 else dt.timedelta()) for i, s in enumerate(slots)]


def _cheap(rates: Sequence[float | None], day: Sequence[dt.date]) -> list[bool]:
    """Whether each half-hour's rate is below the dearest rate of its midday-to-midday day."""
    top: dict[dt.date, float] = {}
    for r, d in zip(rates, day, strict=True):
        if r is not None and r > top.get(d, -math.inf):
            top[d] = r
    return [r is not None and r < top[d] for r, d in zip(rates, day, strict=True)]


def _fill_capped(added: list[float | None], present: Sequence[bool], rates: Sequence[float | None],
                 session: Sequence[int], kwh: float, per_slot_kwh: float, cap: Sequence[int | None],
                 cheap: Sequence[bool], day: Sequence[dt.date], used: dict[dt.date, int]) -> tuple[float, int]:
    """:func:`.placement.fill_cheapest` with at most ``cap[i]`` cheap half-hours of car charging per day.

    ``used`` counts each day's cheap half-hours across sessions. Returns the energy that did not fit
    [kWh] and how many cheap half-hours the cap turned down.
    """
    usable = sorted((i for i in session if present[i]),
                    key=lambda i: (rates[i] is None, rates[i] if rates[i] is not None else 0.0, i))
    left, skipped = kwh, 0
    for i in usable:
        if left <= 1e-12:
            break
        limit = cap[i]
        counted = limit is not None and cheap[i]
        if counted and used.get(day[i], 0) >= limit:
            skipped += 1
            continue
        take = min(per_slot_kwh, left)
        added[i] = (added[i] or 0.0) + take
        left -= take
        if counted:
            used[day[i]] = used.get(day[i], 0) + 1
    return max(0.0, left), skipped
