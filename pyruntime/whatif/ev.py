"""An electric car charged at home in the cheapest half-hours of its plug-in window, per tariff."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InvalidField
from ..timeseries.londontime import HALF_HOUR
from .clock import clock_slots
from .placement import fill_cheapest, sessions


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


def charge_ev(ev: Ev, load: Sequence[float | None], rates: Sequence[float | None], start: int,
             slots: Sequence[int] | None = None, runs: Sequence[Sequence[int]] | None = None) -> EvCharging:
    """Each plug-in session (a run of the window) charges one day's need in its cheapest half-hours.

    ``rates`` [p/kWh] are the import tariff's; on a tariff with a smart
    charging window (Intelligent Octopus Go) its cheap half-hours are the
    ones chosen whenever the plug-in window covers them.
    """
    slots = clock_slots(start, len(load)) if slots is None else slots
    present = [q is not None for q in load]
    added: list[float | None] = [0.0 if p else None for p in present]
    per_slot = ev.charger_kw * HALF_HOUR / 3600
    short = 0.0
    if runs is None:  # the plug-in sessions are the same for every tariff: callers may pass them in
        runs = sessions(slots, ev.window)
    for run in runs:
        short += fill_cheapest(added, present, rates, run, ev.kwh_per_day, per_slot)
    kwh = sum(a for a in added if a)
    return EvCharging(tuple(added), kwh, len(runs), short)
