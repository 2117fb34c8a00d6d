"""A deterministic demo household for 2023.

A three-bedroom gas-heated home with 3.5 kWp of solar panels. The numbers are
synthesised, not recorded, but follow shapes a real home shows: a base load
(fridge, router), morning and evening peaks, more lighting in winter, solar
that cuts midday import and exports on sunny summer days, and gas that tracks
the outdoor temperature. A few gaps are left in on purpose, as real meters
have them, and the year spans both clock changes.

Deterministic everywhere: noise comes from an integer hash, not ``random``,
and readings are rounded to the meter's 0.001 kWh resolution, so CPython and
Pyodide produce identical series.
"""

from __future__ import annotations

import datetime as dt
import math

from .londontime import HALF_HOUR, day_bounds, local_datetime
from .series import Series

DEMO_YEAR = 2023
"""The demo covers London's calendar year 2023, the year the sample feeds cover."""

# Half-hours with no reading, as (fuel, local start "YYYY-MM-DD HH:MM", count).
DEMO_GAPS = (
    ("electricity", "2023-02-14 10:00", 12),  # a six-hour comms outage
    ("electricity", "2023-09-05 00:00", 48),  # a whole day lost
    ("gas", "2023-06-03 00:00", 48),
    ("gas", "2023-11-20 18:00", 4),
    ("export", "2023-08-20 12:00", 3),
)


def _noise(*key: int) -> float:
    """A repeatable pseudo-random number in [0, 1) from integers (splitmix64)."""
    x = 0x9E3779B97F4A7C15
    for k in key:
        x = (x ^ (k & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
    return (x >> 11) / float(1 << 53)


def _year_bounds(year: int) -> tuple[int, int]:
    return day_bounds(dt.date(year, 1, 1))[0], day_bounds(dt.date(year, 12, 31))[1]


def _temperature(doy: int, seed: int) -> float:
    """Daily mean outdoor temperature [°C]: coldest mid-January, warmest late July."""
    return 10.5 - 6.5 * math.cos(2 * math.pi * (doy - 20) / 365) + 4 * (_noise(seed, doy) - 0.5)


def _household_kwh(hour: float, doy: int, weekend: bool, slot: int) -> float:
    """Electricity the home uses in one half-hour [kWh], before solar."""
    winter = 0.5 + 0.5 * math.cos(2 * math.pi * (doy - 10) / 365)  # 1 in January, 0 in July
    base = 0.11 + 0.03 * winter
    morning = 0.35 * math.exp(-(((hour - (8.5 if weekend else 7.25)) / 0.9) ** 2))
    evening = (0.55 + 0.25 * winter) * math.exp(-(((hour - 18.75) / 1.6) ** 2))
    daytime = (0.18 if weekend else 0.06) * (9 < hour < 17)
    spike = 1.1 * (_noise(1, slot) > 0.985)  # kettle, oven, washing machine
    return base + morning + evening + daytime + spike * (7 < hour < 22) + 0.05 * _noise(2, slot)


def _solar_kwh(hour: float, doy: int) -> float:
    """Solar generation in one half-hour [kWh] from a 3.5 kWp array."""
    season = 0.5 - 0.5 * math.cos(2 * math.pi * (doy - 10) / 365)  # 0 in January, 1 in July
    half_day = 4.0 + 4.2 * season  # hours from solar noon to sunset
    x = (hour - 13.0) / half_day
    if abs(x) >= 1:
        return 0.0
    cloud = 0.25 + 0.75 * _noise(3, doy)  # one weather draw per day
    peak = 3.5 * (0.25 + 0.6 * season) * cloud  # [kW]
    return peak * math.cos(x * math.pi / 2) ** 2 * 0.5


def _gas_kwh(hour: float, temperature: float) -> float:
    """Gas burnt in one half-hour [kWh]: heating by degree-hours plus hot water."""
    degrees = max(0.0, 15.5 - temperature)
    heating_on = 6 <= hour < 9 or 16.5 <= hour < 22.5
    heating = 0.28 * degrees * heating_on  # about 5 kWh per degree-day
    hot_water = 1.3 * (6.5 <= hour < 7.5) + 0.9 * (19 <= hour < 20)
    return heating + hot_water


def demo_household(year: int = DEMO_YEAR) -> dict[str, Series]:
    """The demo's electricity import, export and gas for London's calendar ``year``.

    Returns a series per fuel [kWh per half-hour], each spanning the whole year
    with the gaps in :data:`DEMO_GAPS`.
    """
    start, end = _year_bounds(year)
    values: dict[str, list[float | None]] = {"electricity": [], "export": [], "gas": []}
    for t in range(start, end, HALF_HOUR):
        local = local_datetime(t)
        hour = local.hour + local.minute / 60 + 0.25  # the half-hour's midpoint
        doy = local.timetuple().tm_yday
        slot = t // HALF_HOUR
        use = _household_kwh(hour, doy, local.weekday() >= 5, slot)
        sun = _solar_kwh(hour, doy)
        values["electricity"].append(round(max(0.0, use - sun), 3))
        values["export"].append(round(max(0.0, sun - use), 3))
        values["gas"].append(round(_gas_kwh(hour, _temperature(doy, 4)), 3))
    _punch_gaps(values, start)
    return {fuel: Series(fuel, start, tuple(v)) for fuel, v in values.items()}


def _punch_gaps(values: dict[str, list[float | None]], start: int) -> None:
    for fuel, local_start, count in DEMO_GAPS:
        day, clock = local_start.split(" ")
        h, m = (int(p) for p in clock.split(":"))
        first = (day_bounds(dt.date.fromisoformat(day))[0] + h * 3600 + m * 60 - start) // HALF_HOUR
        for i in range(first, first + count):
            values[fuel][i] = None
