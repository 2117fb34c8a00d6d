"""A deterministic demo household for 2023.

A three-bedroom gas-heated home with 3.5 kWp of solar panels. The numbers are
synthesised, not recorded, but follow shapes a real home shows: a base load
(fridge, router), morning and evening peaks, more lighting in winter, solar
that cuts midday import and exports on sunny summer days, and gas that tracks
the outdoor temperature. A few gaps are left in on purpose, as real meters
have them, and the year spans both clock changes.

Deterministic everywhere: noise comes from a fixed integer generator, not ``random``,
and readings are rounded to the meter's 0.001 kWh resolution, so CPython and
Pyodide produce identical series.
"""

from __future__ import annotations

import datetime as dt
import math

from ..timeseries.londontime import HALF_HOUR, bst_bounds, day_bounds
from ..timeseries.series import Series

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


class _Noise:
    """A repeatable stream of pseudo-random numbers in [0, 1) (a 64-bit LCG).

    Used instead of ``random`` so the demo is identical on every Python.
    """

    def __init__(self, seed: int) -> None:
        self.state = seed

    def __call__(self) -> float:
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 11) / 9007199254740992.0


def _day_weather(noise: _Noise, doy: int) -> tuple[float, float]:
    """``(daily mean outdoor temperature [°C], cloudiness factor [-])`` for day-of-year ``doy``.

    Coldest mid-January, warmest late July; one weather draw per day.
    """
    temperature = 10.5 - 6.5 * math.cos(2 * math.pi * (doy - 20) / 365) + 4 * (noise() - 0.5)
    return temperature, 0.25 + 0.75 * noise()


# Shapes by local half-hour of the day (index 0 is 00:00–00:30), evaluated at
# each half-hour's midpoint. Computed once: the year's 17,520 half-hours only
# look them up, which keeps the demo fast in the browser.
_HOURS = tuple(k / 2 + 0.25 for k in range(48))
_MORNING = {
    weekend: tuple(0.35 * math.exp(-(((h - (8.5 if weekend else 7.25)) / 0.9) ** 2)) for h in _HOURS)
    for weekend in (False, True)
}
_EVENING = tuple(math.exp(-(((h - 18.75) / 1.6) ** 2)) for h in _HOURS)
_DAYTIME = {weekend: tuple((0.18 if weekend else 0.06) * (9 < h < 17) for h in _HOURS) for weekend in (False, True)}
_APPLIANCE_HOURS = tuple(7 < h < 22 for h in _HOURS)  # kettle, oven, washing machine
_HEATING_ON = tuple(6 <= h < 9 or 16.5 <= h < 22.5 for h in _HOURS)
_HOT_WATER = tuple(1.3 * (6.5 <= h < 7.5) + 0.9 * (19 <= h < 20) for h in _HOURS)


def _household_kwh(k: int, winter: float, weekend: bool, spike: float, jitter: float) -> float:
    """Electricity the home uses in local half-hour ``k`` [kWh], before solar.

    ``winter`` is 1 in January and 0 in July (more lighting); ``spike`` and
    ``jitter`` are noise draws in [0, 1).
    """
    base = 0.11 + 0.03 * winter
    evening = (0.55 + 0.25 * winter) * _EVENING[k]
    appliance = 1.1 * (spike > 0.985) * _APPLIANCE_HOURS[k]
    return base + _MORNING[weekend][k] + evening + _DAYTIME[weekend][k] + appliance + 0.05 * jitter


def _solar_kwh(k: int, season: float, cloud: float) -> float:
    """Solar generation in local half-hour ``k`` [kWh] from a 3.5 kWp array (``season`` 0 in January, 1 in July)."""
    half_day = 4.0 + 4.2 * season  # hours from solar noon to sunset
    x = (_HOURS[k] - 13.0) / half_day
    if abs(x) >= 1:
        return 0.0
    peak = 3.5 * (0.25 + 0.6 * season) * cloud  # [kW]
    return peak * math.cos(x * math.pi / 2) ** 2 * 0.5


def _gas_kwh(k: int, temperature: float) -> float:
    """Gas burnt in local half-hour ``k`` [kWh]: heating by degree-hours plus hot water."""
    heating = 0.28 * max(0.0, 15.5 - temperature) * _HEATING_ON[k]  # about 5 kWh per degree-day
    return heating + _HOT_WATER[k]


def _meter(kwh: float) -> float:
    """Round a non-negative reading to the meter's 0.001 kWh resolution."""
    return int(kwh * 1000 + 0.5) / 1000


def demo_household(year: int = DEMO_YEAR) -> dict[str, Series]:
    """The demo's electricity import, export and gas for London's calendar ``year``.

    Returns a series per fuel [kWh per half-hour], each spanning the whole year
    with the gaps in :data:`DEMO_GAPS`.
    """
    start = day_bounds(dt.date(year, 1, 1))[0]
    bst_start, bst_end = bst_bounds(year)
    noise = _Noise(year)
    values: dict[str, list[float | None]] = {"electricity": [], "export": [], "gas": []}
    day = dt.date(year, 1, 1)
    while day.year == year:
        doy = day.timetuple().tm_yday
        winter = 0.5 + 0.5 * math.cos(2 * math.pi * (doy - 10) / 365)
        temperature, cloud = _day_weather(noise, doy)
        naive_midnight = (day - dt.date(1970, 1, 1)).days * 86400
        weekend = day.weekday() >= 5
        first, last = day_bounds(day)
        for t in range(first, last, HALF_HOUR):
            # Local half-hour of the day; on clock-change days some are skipped or repeated.
            k = (t - naive_midnight + (3600 if bst_start <= t < bst_end else 0)) // HALF_HOUR
            use = _household_kwh(k, winter, weekend, noise(), noise())
            sun = _solar_kwh(k, 1 - winter, cloud)
            values["electricity"].append(_meter(max(0.0, use - sun)))
            values["export"].append(_meter(max(0.0, sun - use)))
            values["gas"].append(_meter(_gas_kwh(k, temperature)))
        day += dt.timedelta(days=1)
    _punch_gaps(values, start)
    return {fuel: Series(fuel, start, tuple(v)) for fuel, v in values.items()}


def _punch_gaps(values: dict[str, list[float | None]], start: int) -> None:
    for fuel, local_start, count in DEMO_GAPS:
        day, clock = local_start.split(" ")
        h, m = (int(p) for p in clock.split(":"))
        first = (day_bounds(dt.date.fromisoformat(day))[0] + h * 3600 + m * 60 - start) // HALF_HOUR
        for i in range(first, first + count):
            values[fuel][i] = None
