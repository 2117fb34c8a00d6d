"""A heat pump in place of a gas boiler: the same heat, as electricity, in the gas use's half-hours."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InvalidField
from ..timeseries.londontime import local_date

DEFAULT_COP = (2.6, 2.7, 2.9, 3.2, 3.5, 3.8, 3.9, 3.9, 3.6, 3.2, 2.9, 2.6)
"""Assumed coefficient of performance by month, January first [-]: an assumption, not a measurement.

Chosen so the year's heat-weighted average is about 2.9, in the range of
the seasonal performance of air-source heat pumps installed in UK homes;
colder months are lower because the pump lifts heat further. Users should
put in their own pump's figures (the page lets them).
"""


@dataclass(frozen=True, slots=True)
class HeatPump:
    """boiler_efficiency [-] of the gas boiler replaced; cop [-] by month; cap_gas: no gas meter any more."""

    boiler_efficiency: float = 0.85
    cop: tuple[float, ...] = DEFAULT_COP
    cap_gas: bool = True

    def __post_init__(self) -> None:
        if not (math.isfinite(self.boiler_efficiency) and 0.3 <= self.boiler_efficiency <= 1):
            raise InvalidField("boiler_efficiency", "boiler efficiency must be between 30 % and 100 %")
        if len(self.cop) != 12 or not all(math.isfinite(c) and 1 <= c <= 8 for c in self.cop):
            raise InvalidField("cop", "give 12 monthly COPs, each between 1 and 8")


@dataclass(frozen=True, slots=True)
class HeatPumpRun:
    """added : electricity per half-hour [kWh] (``None`` = gap); heat_kwh, gas_kwh, electricity_kwh : totals."""

    added: tuple[float | None, ...]
    heat_kwh: float
    gas_kwh: float
    electricity_kwh: float


def replace_boiler(pump: HeatPump, gas: Sequence[float | None], start: int) -> HeatPumpRun:
    """Electricity = gas kWh × boiler efficiency ÷ the month's COP, half-hour by half-hour.

    A half-hour with no gas reading gives a gap, never a guess.
    """
    out: list[float | None] = []
    month_cache: dict[int, float] = {}
    heat = used = elec = 0.0
    for i, q in enumerate(gas):
        if q is None:
            out.append(None)
            continue
        t = start + 1800 * i
        key = t // 3600
        cop = month_cache.get(key)
        if cop is None:
            cop = month_cache[key] = pump.cop[local_date(t).month - 1]
        h = q * pump.boiler_efficiency
        e = h / cop
        heat += h
        used += q
        elec += e
        out.append(e)
    return HeatPumpRun(tuple(out), heat, used, elec)
